using Orleans.Concurrency;

namespace Inventory.Availability;

/// <summary>An API node's availability cache, reachable from the cluster as a grain observer.</summary>
[Alias("inventory.IAvailabilityCacheNode")]
public interface IAvailabilityCacheNode : IGrainObserver
{
    /// <summary>Replaces the cached value of the pair unless a newer version is already cached.</summary>
    [OneWay, Alias("changed")] Task OnAvailabilityChangedAsync(AvailabilityUpdate update);
}
