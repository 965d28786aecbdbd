using Inventory.Channels;

namespace Inventory.Api.Channels;

/// <summary>A parked (dead-letter) update of a channel.</summary>
public sealed record ParkedUpdateResponse(
    string Location, string Sku, long Quantity, long Version, DateTimeOffset ChangedAt, int FailedDeliveries, string LastError, DateTimeOffset ParkedAt)
{
    public static ParkedUpdateResponse From(ParkedUpdate parked) => new(
        parked.Update.Key.Location, parked.Update.Key.Sku, parked.Update.Quantity, parked.Update.Version, parked.Update.ChangedAt,
        parked.FailedDeliveries, parked.LastError, parked.ParkedAt);
}
