namespace Inventory.Stock;

/// <summary>
/// What a pair must read from storage before it can decide (see <see cref="StockLedger"/>): how a reservation ended
/// or its open order, whether a feed operation was applied, or the onHand changes after a count's asOf.
/// </summary>
public sealed record StockLookup
{
    public string? ReservationId { get; init; }

    public string? OperationId { get; init; }

    /// <summary>Sum the onHand deltas of movements that occurred after this time…</summary>
    public DateTimeOffset? OnHandChangedAfter { get; init; }

    /// <summary>…up to this sequence, the last one known to be stored.</summary>
    public long ThroughSequence { get; init; }
}

/// <summary>What storage said to a <see cref="StockLookup"/>.</summary>
public sealed record StockFacts(StockLookup Lookup)
{
    public StockOrder? Order { get; init; }

    public ClosedReservation? Closed { get; init; }

    public bool OperationApplied { get; init; }

    public long OnHandDeltaSum { get; init; }
}
