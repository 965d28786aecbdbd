namespace Inventory.Silo.Storage;

/// <summary>The values of a pair's row in <c>inventory_stock</c> besides its key and row version.</summary>
/// <param name="MovementSequence">The last movement's sequence, or null to keep the stored one (the write has none).</param>
internal sealed record EncodedStockRow(
    long Version,
    long OnHand,
    long Reserved,
    long Committed,
    long SafetyStock,
    long Damaged,
    long ActiveHolds,
    long? MovementSequence,
    DateTimeOffset? NextExpiry,
    DateTimeOffset? LastCountAsOf,
    long StaleCountsIgnored,
    long DuplicatesIgnored,
    DateTimeOffset? UpdatedAt,
    byte[] State)
{
    /// <summary>Units held or sold beyond what is on hand.</summary>
    public long Shortfall => Math.Max(0, Reserved + Committed - OnHand);

    /// <summary>Units sold beyond what is on hand.</summary>
    public long Backordered => Math.Max(0, Committed - OnHand);
}
