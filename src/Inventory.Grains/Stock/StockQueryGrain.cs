using Orleans.Concurrency;

namespace Inventory.Stock;

/// <summary>
/// Ops reads over what the pairs stored, answered from storage by the silo that received the call: no pair is
/// activated, so reading a busy pair's history never queues behind its checkout traffic. Movements are append-only and
/// acknowledged only once stored, so what storage returns is every acknowledged change up to the read.
/// </summary>
[StatelessWorker]
public sealed class StockQueryGrain(IStockStorage storage) : Grain, IStockQueryGrain
{
    public async Task<StockMovementPage?> ReadMovementsAsync(StockKey key, StockMovementQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit);
        var page = await storage.ReadMovementsAsync(key, query);
        // Only an empty page needs the row read, to tell a pair never written from a page past its end.
        return page.Items.Count > 0 || await storage.ReadAsync(key) is not null ? page : null;
    }

    public async Task<StockShortfallPage> ListShortfallsAsync(string? location, StockKey? after, int limit)
    {
        CheckLimit(limit);
        var items = await storage.ListShortfallsAsync(location, after, limit);
        // A full page may be the last one: one more row says whether there is a next page, so a client never follows a
        // "next" to an empty page.
        var more = items.Count == limit && (await storage.ListShortfallsAsync(location, items[^1].Key, 1)).Count > 0;
        return new StockShortfallPage(items, more ? items[^1].Key : null);
    }

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > StockQueryLimits.MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A page holds 1 to {StockQueryLimits.MaxPageSize} items.");
        }
    }
}
