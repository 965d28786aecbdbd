using Inventory.Stock;

namespace Inventory.Channels;

/// <summary>
/// Every pair's last durable state, read from storage without waking the stock grains. Reconciliation uses it to
/// find what the channels missed (memory streams can lose events when a silo dies).
/// </summary>
public interface IStockCatalog
{
    /// <summary>Streams the stored snapshot of every pair, in no particular order.</summary>
    IAsyncEnumerable<StockSnapshot> ReadAllAsync(CancellationToken cancellationToken);
}
