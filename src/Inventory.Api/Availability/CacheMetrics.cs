using System.Diagnostics.Metrics;

namespace Inventory.Api.Availability;

/// <summary>Meters of the availability cache (meter name <see cref="MeterName"/>).</summary>
public static class CacheMetrics
{
    public const string MeterName = "Inventory.Api";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Hits = Meter.CreateCounter<long>("inventory.cache.hits", description: "Availability reads served from the cache");

    public static readonly Counter<long> Misses = Meter.CreateCounter<long>("inventory.cache.misses", description: "Availability reads that went to the stock grain");

    public static readonly Counter<long> Invalidations =
        Meter.CreateCounter<long>("inventory.cache.invalidations", description: "Pushed changes that replaced a cached value");

    public static readonly Counter<long> StaleServed =
        Meter.CreateCounter<long>("inventory.cache.stale_served", description: "Browse reads answered with the last known value because the cluster did not answer");

    public static readonly Histogram<double> InvalidationLag = Meter.CreateHistogram<double>(
        "inventory.cache.invalidation_lag", unit: "ms", description: "From the durable stock change to the cache update on this node");
}
