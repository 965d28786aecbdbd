namespace Inventory.Stock;

/// <summary>One atomic write of a pair.</summary>
/// <param name="ExpectedVersion">The stored row's version (<see cref="StoredStock.Version"/>) the write builds on; null when the pair has no row yet.</param>
/// <param name="Row">The pair's row as <see cref="HoldPaging"/> lays it out.</param>
/// <param name="SealedPages">Pages sealed by this write (written once, never changed).</param>
/// <param name="DroppedPages">Pages the row no longer lists.</param>
/// <param name="Movements">The movements of the changes this write covers, in sequence order.</param>
/// <param name="OpenedOrders">Orders committed by this write.</param>
/// <param name="EndedOrders">Reservation ids whose order was shipped or cancelled by this write (an order opened and ended by the same write is never stored).</param>
/// <param name="Closed">Reservations that ended here by this write and must be remembered for a while (until <see cref="ClosedReservation.KeepUntil"/>); replaces what is kept of the same id.</param>
public sealed record StoredStockWrite(
    long? ExpectedVersion,
    StockState Row,
    IReadOnlyDictionary<string, HoldPageState> SealedPages,
    IReadOnlyList<string> DroppedPages,
    IReadOnlyList<StockMovement> Movements,
    IReadOnlyList<StockOrder> OpenedOrders,
    IReadOnlyList<string> EndedOrders,
    IReadOnlyDictionary<string, ClosedReservation> Closed)
{
    /// <summary>The pair's live holds, all of them (<see cref="Row"/> carries only those not sealed into pages).</summary>
    public int ActiveHolds { get; init; }

    /// <summary>The earliest expiry among the pair's live holds.</summary>
    public DateTimeOffset? NextExpiry { get; init; }
}
