namespace Inventory.Stock;

/// <summary>One atomic write of a pair.</summary>
/// <param name="ExpectedVersion">The stored version the write builds on; null when the pair has no row yet.</param>
/// <param name="Row">The pair's row as <see cref="HoldPaging"/> lays it out.</param>
/// <param name="SealedPages">Pages sealed by this write (written once, never changed).</param>
/// <param name="DroppedPages">Pages the row no longer lists.</param>
/// <param name="Movements">The movements of the changes this write covers, in sequence order.</param>
/// <param name="OpenedOrders">Orders committed by this write.</param>
/// <param name="EndedOrders">Reservation ids whose order was shipped or cancelled by this write.</param>
/// <param name="Closed">Reservations that ended here by this write and must be remembered for a while.</param>
public sealed record StoredStockWrite(
    long? ExpectedVersion,
    StockState Row,
    IReadOnlyDictionary<string, HoldPageState> SealedPages,
    IReadOnlyList<string> DroppedPages,
    IReadOnlyList<StockMovement> Movements,
    IReadOnlyList<StockOrder> OpenedOrders,
    IReadOnlyList<string> EndedOrders,
    IReadOnlyDictionary<string, ClosedReservation> Closed);
