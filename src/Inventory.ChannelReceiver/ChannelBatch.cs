namespace Inventory.Channels;

/// <summary>
/// The body of one delivery (JSON, camelCase): the latest channel quantity of some pairs. A receiver applies an item
/// only when its <see cref="ChannelItem.Version"/> is newer than the one it holds for the pair, because deliveries
/// can be retried and can overtake each other.
/// </summary>
public sealed record ChannelBatch
{
    /// <summary>The channel's configured name.</summary>
    public required string Channel { get; init; }

    /// <summary>Unique per delivery; a retried delivery keeps it.</summary>
    public required string DeliveryId { get; init; }

    /// <summary>When the service built the batch.</summary>
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>At most one item per pair.</summary>
    public required IReadOnlyList<ChannelItem> Items { get; init; }
}

/// <summary>What the channel should show for one (location, sku) pair.</summary>
/// <param name="Location">Location code.</param>
/// <param name="Sku">SKU code.</param>
/// <param name="Quantity">Units the channel may offer, after the channel's rules.</param>
/// <param name="Version">The pair's stock version this quantity comes from; grows with every change of the pair.</param>
/// <param name="ChangedAt">When that stock change became durable.</param>
public sealed record ChannelItem(string Location, string Sku, long Quantity, long Version, DateTimeOffset ChangedAt);
