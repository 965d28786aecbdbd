using Inventory.Stock;

namespace Inventory.Availability;

/// <summary>Keeps the API nodes' availability caches fresh from the stock stream.</summary>
[Alias("inventory.ICacheInvalidationGrain")]
public interface ICacheInvalidationGrain : IStockChangeConsumer;
