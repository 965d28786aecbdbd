namespace Inventory.Channels;

/// <summary>The durable part of a channel: its dead letters. Everything else is rebuilt by reconciliation.</summary>
[GenerateSerializer, Alias("inventory.ChannelState")]
public sealed class ChannelState
{
    [Id(0)] public List<ParkedUpdate> Parked { get; set; } = [];

    [Id(1)] public long ParkedTotal { get; set; }
}
