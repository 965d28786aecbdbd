using Inventory.Availability;

namespace Inventory.Api.Availability;

/// <summary>This node as the cluster sees it: the observer that pushed changes arrive at.</summary>
public sealed class CacheNode(AvailabilityCache cache) : IAvailabilityCacheNode
{
    public Task OnAvailabilityChangedAsync(AvailabilityUpdate update)
    {
        cache.Push(update);
        return Task.CompletedTask;
    }
}
