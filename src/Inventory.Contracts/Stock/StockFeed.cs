namespace Inventory.Stock;

/// <summary>
/// A warehouse count: "at <see cref="AsOf"/> there were <see cref="OnHand"/>". The pair adds the onHand changes of
/// its movements that occurred after <see cref="AsOf"/>, so a count taken before a shipment does not undo it.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.StockCount")]
public sealed record StockCount(
    [property: Id(0)] long OnHand,
    [property: Id(1)] long? SafetyStock,
    [property: Id(2)] DateTimeOffset AsOf)
{
    /// <summary>Apply only if the pair is at this version (optimistic concurrency); otherwise nothing changes.</summary>
    [Id(3)] public long? ExpectedVersion { get; init; }
}

/// <summary>An ops correction of onHand by <see cref="Delta"/>, with a reason code of <see cref="AdjustmentReasons"/>.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockAdjustment")]
public sealed record StockAdjustment(
    [property: Id(0)] long Delta,
    [property: Id(1)] string Reason,
    [property: Id(2)] string OperationId)
{
    /// <summary>Apply only if the pair is at this version (optimistic concurrency); otherwise nothing changes.</summary>
    [Id(3)] public long? ExpectedVersion { get; init; }

    /// <summary>Free text kept with the movement.</summary>
    [Id(4)] public string? Note { get; init; }

    /// <summary>When it happened in the warehouse; null: when the pair records it.</summary>
    [Id(5)] public DateTimeOffset? OccurredAt { get; init; }
}

/// <summary>Replenishment received into onHand.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockReceipt")]
public sealed record StockReceipt(
    [property: Id(0)] long Quantity,
    [property: Id(1)] string OperationId)
{
    /// <summary>Apply only if the pair is at this version (optimistic concurrency); otherwise nothing changes.</summary>
    [Id(2)] public long? ExpectedVersion { get; init; }

    /// <summary>When it happened in the warehouse; null: when the pair records it.</summary>
    [Id(3)] public DateTimeOffset? OccurredAt { get; init; }
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

    /// <summary>When it happened in the warehouse; null: when the pair records it.</summary>
    [Id(4)] public DateTimeOffset? OccurredAt { get; init; }
}
