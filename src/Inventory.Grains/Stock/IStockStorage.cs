namespace Inventory.Stock;

/// <summary>
/// Where this service keeps its stock pairs (one per silo; PostgreSQL or SQLite). A pair's write is atomic: its row at
/// the expected version, the hold pages it seals and drops, its movements and its index rows are all stored, or none
/// are. Many pairs' writes may share one transaction (group commit across pairs). The stock grain reaches it only
/// through <see cref="StockStore"/>.
/// </summary>
public interface IStockStorage
{
    /// <summary>The stored pair (its row and every page the row lists), or null when nothing is stored.</summary>
    Task<StoredStock?> ReadAsync(StockKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="write"/> atomically and returns the row's new version; throws
    /// <see cref="Orleans.Storage.InconsistentStateException"/> (and stores nothing) when the stored version is not
    /// <see cref="StoredStockWrite.ExpectedVersion"/>. Everything of <paramref name="write"/> is read before this
    /// returns its task, so the caller may go on changing the state it shares maps with.
    /// </summary>
    Task<long> WriteAsync(StockKey key, StoredStockWrite write, CancellationToken cancellationToken = default);

    /// <summary>Σ onHand deltas of the pair's movements that occurred after <paramref name="occurredAfter"/>, up to <paramref name="throughSequence"/>.</summary>
    Task<long> SumOnHandDeltasAsync(StockKey key, DateTimeOffset occurredAfter, long throughSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the pair's movements (oldest first after a sequence, or newest first before one), of 1 to 500
    /// (<see cref="StockMovementQuery.Limit"/>); <see cref="StockMovementPage.Next"/> is the last sequence of the page when
    /// there are more, to pass as the next page's After (or Before), else null.
    /// </summary>
    Task<StockMovementPage> ReadMovementsAsync(StockKey key, StockMovementQuery query, CancellationToken cancellationToken = default);

    /// <summary>Whether a stored movement of the pair names <paramref name="reference"/> (a feed operation id already applied).</summary>
    Task<bool> HasMovementAsync(StockKey key, string reference, CancellationToken cancellationToken = default);

    /// <summary>The pair's open order (committed, not shipped or cancelled) of a reservation, if any.</summary>
    Task<StockOrder?> FindOrderAsync(StockKey key, string reservationId, CancellationToken cancellationToken = default);

    /// <summary>How a reservation ended at the pair, while that is kept.</summary>
    Task<ClosedReservation?> FindClosedAsync(StockKey key, string reservationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pairs whose reserved + committed exceeds onHand (of <paramref name="location"/>, or all), by location then SKU
    /// (ordinal), after <paramref name="after"/>; at most <paramref name="limit"/> (1 to 500). Read from the stored
    /// columns: a pair's state as of its last write.
    /// </summary>
    Task<IReadOnlyList<StockSnapshot>> ListShortfallsAsync(string? location, StockKey? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Σ shortfall (reserved + committed beyond onHand) of the pairs of each location that has any.</summary>
    Task<IReadOnlyDictionary<string, long>> ShortfallUnitsByLocationAsync(CancellationToken cancellationToken = default);
}
