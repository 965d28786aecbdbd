namespace Inventory.Stock;

/// <summary>
/// What one write of a pair makes durable, as one unit (<see cref="StockStore.WriteAsync"/>): the decisions the
/// <see cref="StockLedger"/> made since the last write, the movements and index rows they produced, and the state they
/// left.
/// </summary>
/// <param name="State">The pair's full in-memory state after <paramref name="Changes"/>: the ledger's own, read by the
/// store before the write's first await, as later decisions go on changing it.</param>
/// <param name="Changes">The changes, in version order.</param>
public sealed record StockWrite(StockState State, IReadOnlyList<StockChanged> Changes)
{
    /// <summary>The movements of these changes, in sequence order.</summary>
    public IReadOnlyList<StockMovement> Movements { get; init; } = [];

    /// <summary>Orders these changes committed (and did not end).</summary>
    public IReadOnlyList<StockOrder> OpenedOrders { get; init; } = [];

    /// <summary>Orders, stored before, that these changes shipped, cancelled or took back.</summary>
    public IReadOnlyList<string> EndedOrders { get; init; } = [];

    /// <summary>Reservations that ended here by these changes.</summary>
    public IReadOnlyDictionary<string, ClosedReservation> Closed { get; init; } = new Dictionary<string, ClosedReservation>();

    /// <summary>
    /// The reservation ids whose hold these changes placed, changed or ended: what the write must store anew (see
    /// <see cref="HoldPaging.Plan"/>). Every change that touches a hold says so by its cause and names the reservation
    /// in <see cref="StockChanged.Reference"/>.
    /// </summary>
    public IReadOnlySet<string> TouchedHolds() =>
        Changes.Where(c => TouchesHold(c.Cause)).Select(c => c.Reference!).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Causes that place, change or end a hold. Shipping and cancelling a sale act on units no longer held, and feed
    /// changes name operation ids, which may look like a reservation id.
    /// </summary>
    private static bool TouchesHold(StockChangeCause cause) => cause is StockChangeCause.Hold or StockChangeCause.Extend
        or StockChangeCause.Release or StockChangeCause.Expire or StockChangeCause.Commit or StockChangeCause.Uncommit;
}
