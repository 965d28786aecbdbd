namespace Inventory.Channels;

/// <summary>What one channel should show for a pair: the quantity after the channel's rules, at a stock version.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ChannelUpdate")]
public sealed record ChannelUpdate(
    [property: Id(0)] StockKey Key,
    [property: Id(1)] long Quantity,
    [property: Id(2)] long Version,
    [property: Id(3)] DateTimeOffset ChangedAt);
