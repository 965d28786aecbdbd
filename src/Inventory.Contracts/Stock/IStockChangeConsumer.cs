namespace Inventory.Stock;

/// <summary>A grain that consumes one pair's stock stream (key: the <see cref="StockKey"/>).</summary>
[Alias("inventory.IStockChangeConsumer")]
public interface IStockChangeConsumer : IGrainWithStringKey
{
    /// <summary>What this consumer has seen so far.</summary>
    [Alias("observed")] Task<ObservedChanges> GetObservedAsync();
}
