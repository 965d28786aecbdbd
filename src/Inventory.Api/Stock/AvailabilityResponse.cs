using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>The browse-path view of a pair.</summary>
public sealed record AvailabilityResponse(string Location, string Sku, long Available, AvailabilityStatus Status, long Version)
{
    public static AvailabilityResponse From(StockSnapshot s) => new(s.Key.Location, s.Key.Sku, s.Available, s.Status, s.Version);
}
