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
        await stream.SubscribeAsync((change, _) => _watermark.Accept(change) ? OnChangeAsync(change) : Task.CompletedTask);
    }

    public Task<ObservedChanges> GetObservedAsync() => Task.FromResult(_watermark.Observed());

    /// <summary>Handles a change newer than any seen before.</summary>
    protected abstract Task OnChangeAsync(StockChanged change);
}
