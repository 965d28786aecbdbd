using Inventory.Stock;

namespace Inventory.Availability;

/// <summary>
/// Consumes every change of a pair and pushes the new availability to every API node's cache, through the pair's
/// <see cref="ICacheNodesGrain"/> shard. Older versions never get here (the base class drops them).
/// </summary>
[ImplicitStreamSubscription(InventoryNames.StockChangesNamespace)]
public sealed class CacheInvalidationGrain : StockChangeConsumerGrain, ICacheInvalidationGrain
{
    protected override Task OnChangeAsync(StockChanged change) =>
        GrainFactory.GetGrain<ICacheNodesGrain>(CacheShards.Of(change.Snapshot.Key)).PublishAsync(AvailabilityUpdate.From(change.Snapshot));
}
