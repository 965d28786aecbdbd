using Inventory.Stock;

namespace Inventory.Streaming;

/// <summary>Consumes every change of a pair to keep the API nodes' availability caches fresh.</summary>
[ImplicitStreamSubscription(InventoryNames.StockChangesNamespace)]
public sealed class CacheInvalidationGrain : StockChangeConsumerGrain, ICacheInvalidationGrain
{
    // Pushing the value to the API nodes' caches is the next step (issue #4); for now the change is recorded.
    protected override Task OnChangeAsync(StockChanged change) => Task.CompletedTask;
}
