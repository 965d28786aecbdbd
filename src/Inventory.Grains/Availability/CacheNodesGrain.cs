using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Inventory.Availability;

/// <summary>
/// Pushes availability changes to the API nodes subscribed to this shard. Subscriptions live in memory only: nodes
/// renew them every few seconds, so after this grain moves or its silo dies they are back within one heartbeat.
/// </summary>
public sealed partial class CacheNodesGrain(
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
    ILogger<CacheNodesGrain> logger) : Grain, ICacheNodesGrain
{
    /// <summary>A node that has not renewed for this long is considered gone.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<IAvailabilityCacheNode, DateTimeOffset> _nodes = [];

    public Task SubscribeAsync(IAvailabilityCacheNode node)
    {
        var now = clock.GetUtcNow();
        if (_nodes.TryAdd(node, now))
        {
            LogNodeJoined(_nodes.Count);
        }

        _nodes[node] = now;
        DropSilentNodes(now);
        return Task.CompletedTask;
    }

    public Task UnsubscribeAsync(IAvailabilityCacheNode node)
    {
        _nodes.Remove(node);
        return Task.CompletedTask;
    }

    public Task PublishAsync(AvailabilityUpdate update)
    {
        foreach (var node in _nodes.Keys)
        {
            // One-way: a slow or vanished node never holds the others up.
            _ = node.OnAvailabilityChangedAsync(update);
        }

        return Task.CompletedTask;
    }

    private void DropSilentNodes(DateTimeOffset now)
    {
        foreach (var (node, seen) in _nodes)
        {
            if (now - seen > NodeTimeout)
            {
                _nodes.Remove(node);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An API node subscribed to a cache shard ({Nodes} nodes)")]
    private partial void LogNodeJoined(int nodes);
}
