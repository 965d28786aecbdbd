using System.Diagnostics.Metrics;
using Inventory.Diagnostics;

namespace Inventory.Channels;

/// <summary>Channel sync instruments (meter <see cref="InventoryMetrics.MeterName"/>), tagged by <c>channel</c>.</summary>
public static class ChannelMetrics
{
    private static readonly Counter<long> Deliveries =
        InventoryMetrics.Meter.CreateCounter<long>("inventory.channel.deliveries", description: "Channel deliveries by outcome (delivered | failed)");

    private static readonly Counter<long> Updates =
        InventoryMetrics.Meter.CreateCounter<long>("inventory.channel.updates_delivered", description: "Pair updates acknowledged by channels");

    private static readonly Counter<long> ParkedUpdates =
        InventoryMetrics.Meter.CreateCounter<long>("inventory.channel.parked", description: "Pair updates parked after repeated delivery failures");

    private static readonly Histogram<double> SyncLag = InventoryMetrics.Meter.CreateHistogram<double>(
        "inventory.channel.sync_lag", unit: "ms", description: "From the durable stock change to the channel's acknowledgement");

    public static void Delivered(string channel, IReadOnlyList<ChannelUpdate> batch, DateTimeOffset acknowledgedAt)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var tag = new KeyValuePair<string, object?>("channel", channel);
        Deliveries.Add(1, tag, new("outcome", "delivered"));
        Updates.Add(batch.Count, tag);
        foreach (var update in batch)
        {
            SyncLag.Record(Math.Max(0, (acknowledgedAt - update.ChangedAt).TotalMilliseconds), tag);
        }
    }

    public static void Failed(string channel, int parked)
    {
        var tag = new KeyValuePair<string, object?>("channel", channel);
        Deliveries.Add(1, tag, new("outcome", "failed"));
        if (parked > 0)
        {
            ParkedUpdates.Add(parked, tag);
        }
    }
}
