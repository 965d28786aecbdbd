using Inventory.Availability;
using Inventory.Stock;

namespace Inventory.Api.Availability;

/// <summary>
/// The browse-path view of a pair. <see cref="Stale"/> is true when the cluster could not be asked in time and this
/// is the last value the node knew; checkout never relies on it.
/// </summary>
public sealed record AvailabilityResponse(string Location, string Sku, long Available, AvailabilityStatus Status, long Version, bool Stale)
{
    public static AvailabilityResponse From(AvailabilityUpdate a, bool stale = false) =>
        new(a.Key.Location, a.Key.Sku, a.Available, a.Status, a.Version, stale);
}
