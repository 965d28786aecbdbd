using Orleans.Concurrency;

namespace Inventory.Availability;

/// <summary>
/// One shard of the registry of API nodes' caches (key: the shard, see <see cref="CacheShards"/>). Nodes subscribe
/// to every shard and renew their subscription as a heartbeat; a change is published to its pair's shard, which
/// pushes it to every subscribed node.
/// </summary>
[Alias("inventory.ICacheNodesGrain")]
public interface ICacheNodesGrain : IGrainWithIntegerKey
{
    /// <summary>Adds or renews a node; a node not renewed within the node timeout is dropped.</summary>
    [Alias("subscribe")] Task SubscribeAsync(IAvailabilityCacheNode node);

    /// <summary>Removes a node (it is shutting down).</summary>
    [Alias("unsubscribe")] Task UnsubscribeAsync(IAvailabilityCacheNode node);

    /// <summary>Pushes an update to every subscribed node.</summary>
    [OneWay, Alias("publish")] Task PublishAsync(AvailabilityUpdate update);
}
