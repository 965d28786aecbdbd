using Inventory.Stock;

namespace Inventory.Availability;

/// <summary>The browse-path view of a pair after a durable change, pushed to every API node's cache.</summary>
[GenerateSerializer, Immutable, Alias("inventory.AvailabilityUpdate")]
public sealed record AvailabilityUpdate(
    [property: Id(0)] StockKey Key,
    [property: Id(1)] long Available,
    [property: Id(2)] AvailabilityStatus Status,
    [property: Id(3)] long Version,
    [property: Id(4)] DateTimeOffset ChangedAt)
{
    /// <summary>The update a snapshot stands for.</summary>
    public static AvailabilityUpdate From(StockSnapshot snapshot) => new(
        snapshot.Key, snapshot.Available, snapshot.Status, snapshot.Version, snapshot.UpdatedAt ?? DateTimeOffset.UnixEpoch);
}
