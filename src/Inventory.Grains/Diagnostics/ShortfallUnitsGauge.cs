using System.Diagnostics.Metrics;

namespace Inventory.Diagnostics;

/// <summary>
/// <c>inventory.shortfall.units</c>: the units held or committed beyond onHand (Σ shortfall of the pairs in shortfall),
/// per <c>location</c>, as the silo last read them from storage (<see cref="Report"/>). A location that was short reports
/// 0 once it is whole again, so an alert on it resolves instead of losing its series. One per silo, on a meter of the
/// silo's container (not the static one): each silo reports what it read, and processes hosting several silos (tests)
/// keep them apart.
/// </summary>
public sealed class ShortfallUnitsGauge
{
    private readonly Lock _lock = new();
    private Dictionary<string, long> _units = new(StringComparer.Ordinal);

    public ShortfallUnitsGauge(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meters.Create(InventoryMetrics.MeterName).CreateObservableGauge(InventoryMetrics.ShortfallUnitsName, Observe, unit: "{unit}",
            description: "Units held or committed beyond onHand, per location (read from storage periodically)");
    }

    /// <summary>
    /// What the gauge reports from now on: <paramref name="byLocation"/>, the locations that have any shortfall, and 0 for
    /// every location reported before that has none any more.
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

    private IEnumerable<Measurement<long>> Observe()
    {
        Dictionary<string, long> units;
        lock (_lock)
        {
            units = _units;
        }

        return units.Select(u => new Measurement<long>(u.Value, new KeyValuePair<string, object?>("location", u.Key)));
    }
}
