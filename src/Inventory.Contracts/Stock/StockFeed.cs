namespace Inventory.Stock;

/// <summary>A warehouse count: sets onHand (and optionally safety stock) as of a point in time.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockCount")]
public sealed record StockCount(
    [property: Id(0)] long OnHand,
    [property: Id(1)] long? SafetyStock,
    [property: Id(2)] DateTimeOffset AsOf)
{
    /// <summary>Apply only if the pair is at this version (optimistic concurrency); otherwise nothing changes.</summary>
    [Id(3)] public long? ExpectedVersion { get; init; }
}

/// <summary>An ops correction of onHand by <see cref="Delta"/>.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockAdjustment")]
public sealed record StockAdjustment(
    [property: Id(0)] long Delta,
    [property: Id(1)] string Reason,
    [property: Id(2)] string OperationId)
{
    /// <summary>Apply only if the pair is at this version (optimistic concurrency); otherwise nothing changes.</summary>
    [Id(3)] public long? ExpectedVersion { get; init; }
}

/// <summary>Replenishment received into onHand.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockReceipt")]
public sealed record StockReceipt(
    [property: Id(0)] long Quantity,
    [property: Id(1)] string OperationId)
{
    /// <summary>Apply only if the pair is at this version (optimistic concurrency); otherwise nothing changes.</summary>
    [Id(2)] public long? ExpectedVersion { get; init; }
}

/// <summary>A customer return: restockable units go back on hand, the rest are counted as damaged.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockReturn")]
public sealed record StockReturn(
    [property: Id(0)] long Quantity,
    [property: Id(1)] bool Restock,
    [property: Id(2)] string OperationId)
{
    /// <summary>Apply only if the pair is at this version (optimistic concurrency); otherwise nothing changes.</summary>
    [Id(3)] public long? ExpectedVersion { get; init; }
}
