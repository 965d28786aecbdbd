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
        await stream.SubscribeAsync((change, _) => InventoryTracing.Source.HasListeners() ? ReceiveTracedAsync(change) : ReceiveAsync(change));
    }

    public Task<ObservedChanges> GetObservedAsync() => Task.FromResult(_watermark.Observed());

    /// <summary>Handles a change newer than any seen before.</summary>
    protected abstract Task OnChangeAsync(StockChanged change);

    private Task ReceiveAsync(StockChanged change) => _watermark.Accept(change) ? OnChangeAsync(change) : Task.CompletedTask;

    /// <summary>As <see cref="ReceiveAsync"/>, in a span that continues the trace of the change's publication (<see cref="StockChangePublisher"/>).</summary>
    private async Task ReceiveTracedAsync(StockChanged change)
    {
        using var span = InventoryTracing.StartReceive("receive stock change");
        span?.SetTag(InventoryTracing.StockKeyTag, change.Snapshot.Key.ToString()).SetTag(InventoryTracing.StockVersionTag, change.Snapshot.Version)
            .SetTag("inventory.consumer", GetType().Name);
        try
        {
            await ReceiveAsync(change);
        }
        catch (Exception e)
        {
            span.Failed(e);
            throw;
        }
    }
}
