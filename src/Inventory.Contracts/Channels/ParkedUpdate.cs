namespace Inventory.Channels;

/// <summary>An update the channel refused or could not take after repeated deliveries, set aside for ops.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ParkedUpdate")]
public sealed record ParkedUpdate(
    [property: Id(0)] ChannelUpdate Update,
    [property: Id(1)] int FailedDeliveries,
    [property: Id(2)] string LastError,
    [property: Id(3)] DateTimeOffset ParkedAt);
