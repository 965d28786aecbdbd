using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Inventory.Diagnostics;

/// <summary>
/// What a silo reports on <see cref="InventoryMetrics.ShortfallUnits"/>: the units in shortfall per location as it last
/// read them from storage (<see cref="Report"/>). A location that was short reports 0 once it is whole again, so an alert
/// on it resolves instead of losing its series. The gauge itself is one per process, on the static meter: a meter of a
/// host's own would be disposed with that host, and since listeners take every meter of a name, hosts sharing a process
/// (tests) would tear down each other's series. With several silos in one process, each location reports the largest
/// value among them (they read the same storage, or different locations).
/// </summary>
public sealed class ShortfallUnitsGauge : IDisposable
{
    private static readonly ConcurrentDictionary<ShortfallUnitsGauge, bool> Live = new();

    private readonly Lock _lock = new();
    private Dictionary<string, long> _units = new(StringComparer.Ordinal);

    public ShortfallUnitsGauge()
    {
        // Creates the instrument, so it is listed from the first scrape after the first read.
        _ = InventoryMetrics.ShortfallUnits;
        Live.TryAdd(this, true);
    }

    /// <summary>
    /// What this silo reports from now on: <paramref name="byLocation"/>, the locations that have any shortfall, and 0
    /// for every location it reported before that has none any more.
    /// </summary>
    public void Report(IReadOnlyDictionary<string, long> byLocation)
    {
        ArgumentNullException.ThrowIfNull(byLocation);
        lock (_lock)
        {
            var next = new Dictionary<string, long>(byLocation, StringComparer.Ordinal);
            foreach (var location in _units.Keys)
            {
                next.TryAdd(location, 0);
            }

            _units = next;
        }
    }

    public void Dispose() => Live.TryRemove(this, out _);

    internal static IEnumerable<Measurement<long>> Observe() =>
        Live.Keys.SelectMany(gauge => gauge.Snapshot())
            .GroupBy(u => u.Key, StringComparer.Ordinal)
            .Select(g => new Measurement<long>(g.Max(u => u.Value), new KeyValuePair<string, object?>("location", g.Key)));

    private Dictionary<string, long> Snapshot()
    {
        lock (_lock)
        {
            return _units;
        }
    }
}
