using Inventory.Caching;
using Inventory.Stock;

namespace Inventory.Api.Availability;

/// <summary>The browse-path view of a pair.</summary>
public sealed record AvailabilityResponse(string Location, string Sku, long Available, AvailabilityStatus Status, long Version)
{
    public static AvailabilityResponse From(AvailabilityUpdate a) => new(a.Key.Location, a.Key.Sku, a.Available, a.Status, a.Version);
}
