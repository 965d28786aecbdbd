using Inventory.Stock;

namespace Inventory.Streaming;

/// <summary>Consumes every change of a pair to push its availability to the sales channels.</summary>
[ImplicitStreamSubscription(InventoryNames.StockChangesNamespace)]
public sealed class ChannelSyncGrain : StockChangeConsumerGrain, IChannelSyncGrain
{
    // Channel rules, batching and signed delivery are the next step (issue #4); for now the change is recorded.
    protected override Task OnChangeAsync(StockChanged change) => Task.CompletedTask;
}
