using System.Diagnostics.Metrics;
using Inventory.Api.Hosting;

namespace Inventory.Api.Availability;

/// <summary>Instruments of the availability cache (meter <see cref="ApiMeter.Name"/>).</summary>
public static class CacheMetrics
{
    public static readonly Counter<long> Hits = ApiMeter.Instance.CreateCounter<long>("inventory.cache.hits", description: "Availability reads served from the cache");

    public static readonly Counter<long> Misses = ApiMeter.Instance.CreateCounter<long>("inventory.cache.misses", description: "Availability reads that went to the stock grain");

    public static readonly Counter<long> Invalidations =
        ApiMeter.Instance.CreateCounter<long>("inventory.cache.invalidations", description: "Pushed changes that replaced a cached value");

    public static readonly Counter<long> StaleServed =
        ApiMeter.Instance.CreateCounter<long>("inventory.cache.stale_served", description: "Browse reads answered with the last known value because the cluster did not answer");

    public static readonly Histogram<double> InvalidationLag = ApiMeter.Instance.CreateHistogram<double>(
        "inventory.cache.invalidation_lag", unit: "ms", description: "From the durable stock change to the cache update on this node");
}
