namespace Inventory.Stock;

/// <summary>
/// Reads over what the pairs stored (their movements, which pairs are in shortfall) for ops. A stateless worker on
/// every silo, next to the storage: the API nodes never reach the database themselves.
/// </summary>
[Alias("inventory.IStockQueryGrain")]
public interface IStockQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A page of the pair's movements, or null when nothing was ever stored for the pair.</summary>
    [Alias("movements")] Task<StockMovementPage?> ReadMovementsAsync(StockKey key, StockMovementQuery query);

    /// <summary>
    /// Pairs whose reserved + committed exceeds onHand (of <paramref name="location"/>, or all), ordered by location then
    /// SKU, after <paramref name="after"/>; at most <paramref name="limit"/> (1 to 500), as of their last write.
    /// </summary>
    [Alias("shortfalls")] Task<StockShortfallPage> ListShortfallsAsync(string? location, StockKey? after, int limit);
}

/// <summary>A page of pairs in shortfall and the pair to continue after (null at the end).</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockShortfallPage")]
public sealed record StockShortfallPage(
    [property: Id(0)] IReadOnlyList<StockSnapshot> Items,
    [property: Id(1)] StockKey? Next);
