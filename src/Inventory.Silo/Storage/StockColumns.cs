using Inventory.Stock;

namespace Inventory.Silo.Storage;

/// <summary>
/// The columns of the stock tables besides their keys (service, location, sku), in one place for both providers:
/// the statements that write them are built from these lists, so a column cannot be written by one and forgotten by
/// the other.
/// </summary>
internal static class StockColumns
{
    /// <summary><c>inventory_stock</c>, besides <c>row_version</c>: the quantities as columns, and the row's state.</summary>
    public static readonly StockColumn<EncodedStockRow>[] Row =
    [
        new("version", StockColumnType.Integer, r => r.Version),
        new("on_hand", StockColumnType.Integer, r => r.OnHand),
        new("reserved", StockColumnType.Integer, r => r.Reserved),
        new("committed", StockColumnType.Integer, r => r.Committed),
        new("safety_stock", StockColumnType.Integer, r => r.SafetyStock),
        new("damaged", StockColumnType.Integer, r => r.Damaged),
        new("shortfall", StockColumnType.Integer, r => r.Shortfall),
        new("backordered", StockColumnType.Integer, r => r.Backordered),
        new("active_holds", StockColumnType.Integer, r => r.ActiveHolds),
        new("movement_seq", StockColumnType.Integer, r => r.MovementSequence, KeepStoredWhenNull: true),
        new("next_expiry", StockColumnType.Time, r => r.NextExpiry),
        new("last_count_as_of", StockColumnType.Time, r => r.LastCountAsOf),
        new("stale_counts_ignored", StockColumnType.Integer, r => r.StaleCountsIgnored),
        new("duplicates_ignored", StockColumnType.Integer, r => r.DuplicatesIgnored),
        new("updated_at", StockColumnType.Time, r => r.UpdatedAt),
        new("state", StockColumnType.Binary, r => r.State),
    ];

    /// <summary><c>inventory_stock_movements</c>: a movement as it is, its kind by name.</summary>
    public static readonly StockColumn<StockMovement>[] Movement =
    [
        new("seq", StockColumnType.Integer, m => m.Sequence),
        new("kind", StockColumnType.Text, m => m.Kind.ToString()),
        new("on_hand_delta", StockColumnType.Integer, m => m.Delta.OnHand),
        new("committed_delta", StockColumnType.Integer, m => m.Delta.Committed),
        new("damaged_delta", StockColumnType.Integer, m => m.Delta.Damaged),
        new("safety_stock_delta", StockColumnType.Integer, m => m.Delta.SafetyStock),
        new("on_hand_after", StockColumnType.Integer, m => m.After.OnHand),
        new("committed_after", StockColumnType.Integer, m => m.After.Committed),
        new("damaged_after", StockColumnType.Integer, m => m.After.Damaged),
        new("safety_stock_after", StockColumnType.Integer, m => m.After.SafetyStock),
        new("reason", StockColumnType.Text, m => m.Reason),
        new("note", StockColumnType.Text, m => m.Note),
        new("reference", StockColumnType.Text, m => m.Reference),
        new("actor", StockColumnType.Text, m => m.Actor),
        new("occurred_at", StockColumnType.Time, m => m.OccurredAt),
        new("recorded_at", StockColumnType.Time, m => m.RecordedAt),
        new("variance", StockColumnType.Integer, m => m.Variance),
    ];

    /// <summary><c>inventory_stock_pages</c>.</summary>
    public static readonly StockColumn<EncodedPage>[] Page =
    [
        new("page", StockColumnType.Text, p => p.Name),
        new("holds", StockColumnType.Binary, p => p.Holds),
    ];

    /// <summary><c>inventory_stock_orders</c>.</summary>
    public static readonly StockColumn<EncodedOrder>[] Order =
    [
        new("reservation_id", StockColumnType.Text, o => o.ReservationId),
        new("quantity", StockColumnType.Integer, o => o.Quantity),
        new("hold", StockColumnType.Binary, o => o.Hold),
        new("committed_at", StockColumnType.Time, o => o.CommittedAt),
    ];

    /// <summary><c>inventory_stock_closed</c>.</summary>
    public static readonly StockColumn<EncodedClosed>[] Closed =
    [
        new("reservation_id", StockColumnType.Text, c => c.ReservationId),
        new("how", StockColumnType.Text, c => c.How),
        new("closed_at", StockColumnType.Time, c => c.At),
        new("keep_until", StockColumnType.Time, c => c.KeepUntil),
    ];

    /// <summary>The columns a snapshot is read from (<see cref="StockStorage"/>'s readers), in this order.</summary>
    public const string Snapshot =
        "location, sku, version, on_hand, reserved, committed, safety_stock, damaged, active_holds, last_count_as_of, " +
        "stale_counts_ignored, duplicates_ignored, updated_at";

    /// <summary>The names of <paramref name="columns"/>, comma-separated, each after <paramref name="prefix"/>.</summary>
    public static string Names<T>(IEnumerable<StockColumn<T>> columns, string prefix = "") =>
        string.Join(", ", columns.Select(c => prefix + c.Name));
}
