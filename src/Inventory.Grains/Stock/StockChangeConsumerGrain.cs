using Inventory.Diagnostics;
using Orleans.Streams;

namespace Inventory.Stock;

/// <summary>
/// Shared plumbing of the grains that consume one pair's stock stream through an implicit subscription
/// (the grain key is the stream key, i.e. the <see cref="StockKey"/>): subscribe on activation, drop anything not
/// newer than what was seen, hand the rest to <see cref="OnChangeAsync"/>.
/// </summary>
public abstract class StockChangeConsumerGrain : Grain, IStockChangeConsumer
{
    private readonly StockVersionWatermark _watermark = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(InventoryNames.StreamProvider)
            .GetStream<StockChanged>(StreamId.Create(InventoryNames.StockChangesNamespace, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync((change, _) => ReceiveAsync(change));
    }

    public Task<ObservedChanges> GetObservedAsync() => Task.FromResult(_watermark.Observed());

    /// <summary>Handles a change newer than any seen before.</summary>
    protected abstract Task OnChangeAsync(StockChanged change);

    /// <summary>Each delivery continues the trace of the change's publication (<see cref="StockChangePublisher"/>).</summary>
    private async Task ReceiveAsync(StockChanged change)
    {
        using var span = InventoryTracing.StartReceive("receive stock change");
        span?.SetTag(InventoryTracing.StockKeyTag, change.Snapshot.Key.ToString()).SetTag(InventoryTracing.StockVersionTag, change.Snapshot.Version)
            .SetTag("inventory.consumer", GetType().Name);
        if (!_watermark.Accept(change))
        {
            span?.SetTag("inventory.stock.stale", true);
            return;
        }

        try
        {
            await OnChangeAsync(change);
        }
        catch (Exception e)
        {
            span.Failed(e);
            throw;
        }
    }
}
