using System.Diagnostics.Metrics;

namespace Inventory.Diagnostics;

/// <summary>The service's own meters (meter name <see cref="MeterName"/>).</summary>
public static class InventoryMetrics
{
    public const string MeterName = "Inventory";

    /// <summary>The one meter every silo-side instrument is created on.</summary>
    internal static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// Commits that put committed beyond onHand. Short holds cannot be committed, so it must stay 0; a count that
    /// leaves too little on hand is a shortfall (<c>inventory.shortfall.units</c>), not an oversell.
    /// </summary>
    public static readonly Counter<long> OversellIncidents =
        Meter.CreateCounter<long>("inventory.oversell.incidents", description: "Commits that put committed beyond onHand (must stay 0)");

    /// <summary>A count's variance (its new onHand minus the onHand before it), tagged <c>location</c>.</summary>
    public static readonly Histogram<long> CountVariance = Meter.CreateHistogram<long>("inventory.count.variance", unit: "{unit}",
        description: "New onHand minus onHand before, per applied warehouse count",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [-100, -20, -5, -1, 0, 1, 5, 20, 100] });

    /// <summary>Invariant checks that failed on load.</summary>
    public static readonly Counter<long> InvariantViolations =
        Meter.CreateCounter<long>("inventory.invariant.violations", description: "Stock invariants found broken");

    /// <summary>Holds that ended by expiry at the stock grain.</summary>
    public static readonly Counter<long> HoldsExpired =
        Meter.CreateCounter<long>("inventory.holds.expired", description: "Holds released because their time ran out");

    /// <summary>Feed updates ignored, tagged <c>reason</c> = stale | duplicate.</summary>
    public static readonly Counter<long> FeedUpdatesIgnored =
        Meter.CreateCounter<long>("inventory.feed.ignored", description: "Warehouse feed updates ignored as stale or duplicate");

    /// <summary>Failed durable writes of stock state (each fails its whole batch).</summary>
    public static readonly Counter<long> StockWriteFailures =
        Meter.CreateCounter<long>("inventory.stock.write_failures", description: "Failed stock state writes");

    /// <summary>Decisions per durable stock write (group commit batch size).</summary>
    public static readonly Histogram<int> StockBatchSize =
        Meter.CreateHistogram<int>("inventory.stock.batch_size", description: "Stock changes covered by one durable write");

    /// <summary>
    /// Serialized bytes one write of a pair stores (its row's state, the hold pages it seals, its orders' holds): what
    /// grows when a pair's row does.
    /// </summary>
    public static readonly Histogram<int> StockWriteBytes = Meter.CreateHistogram<int>("inventory.stock.write_bytes", unit: "By",
        description: "Serialized bytes stored by one write of a stock pair",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1_024, 4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304] });

    /// <summary>
    /// Units held or committed beyond onHand (Σ shortfall of the pairs in shortfall), per <c>location</c>, as the silo last
    /// read them from storage: see <see cref="ShortfallUnitsGauge"/>.
    /// </summary>
    public static readonly ObservableGauge<long> ShortfallUnits = Meter.CreateObservableGauge("inventory.shortfall.units", ShortfallUnitsGauge.Observe,
        unit: "{unit}", description: "Units held or committed beyond onHand, per location (read from storage periodically)");

    /// <summary>Reservation commands by <c>command</c> and <c>outcome</c>.</summary>
    public static readonly Counter<long> Reservations =
        Meter.CreateCounter<long>("inventory.reservations", description: "Reservation commands by outcome");

    /// <summary>
    /// Records 0 on the counters whose zero is the news, so exporters list them before the first incident.
    /// Call once metrics are being collected.
    /// </summary>
    public static void RecordBaseline()
    {
        OversellIncidents.Add(0);
        InvariantViolations.Add(0);
        HoldsExpired.Add(0);
        FeedUpdatesIgnored.Add(0, new KeyValuePair<string, object?>("reason", "stale"));
        FeedUpdatesIgnored.Add(0, new KeyValuePair<string, object?>("reason", "duplicate"));
        StockWriteFailures.Add(0);
    }
}
