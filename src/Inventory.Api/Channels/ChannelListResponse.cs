namespace Inventory.Api.Channels;

/// <summary>Every configured channel's state.</summary>
public sealed record ChannelListResponse(IReadOnlyList<ChannelStatusResponse> Channels);
