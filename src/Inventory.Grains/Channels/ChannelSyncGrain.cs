using Inventory.Availability;
using Inventory.Stock;

namespace Inventory.Channels;

/// <summary>
/// Consumes every change of a pair and offers the new availability to each configured sales channel; the
/// <see cref="IChannelGrain"/> applies the channel's rules, coalesces and delivers.
/// </summary>
[ImplicitStreamSubscription(InventoryNames.StockChangesNamespace)]
public sealed class ChannelSyncGrain(ChannelDirectory channels) : StockChangeConsumerGrain, IChannelSyncGrain
{
    protected override Task OnChangeAsync(StockChanged change)
    {
        if (channels.Names.Count == 0)
        {
            return Task.CompletedTask;
        }

        var update = AvailabilityUpdate.From(change.Snapshot);
        return Task.WhenAll(channels.Names.Select(name => GrainFactory.GetGrain<IChannelGrain>(name).OfferAsync(update)));
    }
}
