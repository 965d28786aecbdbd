using Inventory.Availability;

namespace Inventory.Channels;

/// <summary>
/// One sales channel (key: its configured name): turns pair availability into channel quantities, then coalesces,
/// batches, rate-limits, signs and delivers them, parks what keeps failing and reconciles against stored stock.
/// </summary>
[Alias("inventory.IChannelGrain")]
public interface IChannelGrain : IGrainWithStringKey
{
    /// <summary>Queues the pair's new availability for this channel (a newer version replaces a queued one).</summary>
    [Alias("offer")] Task OfferAsync(AvailabilityUpdate update);

    /// <summary>Makes sure the channel runs (its delivery loop and periodic reconciliation).</summary>
    [Alias("start")] Task StartAsync();

    /// <summary>The channel's state; null when no channel of that name is configured.</summary>
    [Alias("status")] Task<ChannelStatus?> GetStatusAsync();

    /// <summary>Compares every stored pair with what the channel acknowledged and queues what differs; null when unknown.</summary>
    [Alias("resync")] Task<ReconcileResult?> ResyncAsync();
}
