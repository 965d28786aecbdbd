using Inventory.Availability;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Availability;

/// <summary>
/// Keeps this node subscribed to every cache shard of the cluster: subscribes at start, renews each heartbeat
/// (which also re-subscribes after a shard moved or its silo died) and unsubscribes at shutdown.
/// </summary>
public sealed partial class CacheNodeSubscription(
    IGrainFactory grains,
    CacheNode node,
    IOptions<AvailabilityCacheOptions> settings,
    ILogger<CacheNodeSubscription> logger) : BackgroundService
{
    private IAvailabilityCacheNode? _reference;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = grains.CreateObjectReference<IAvailabilityCacheNode>(node);
        using var heartbeat = new PeriodicTimer(settings.Value.Heartbeat);
        try
        {
            do
            {
                await SubscribeAsync(_reference);
            }
            while (await heartbeat.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SubscribeAsync(IAvailabilityCacheNode reference)
    {
        try
        {
            await Task.WhenAll(Enumerable.Range(0, CacheShards.Count)
                .Select(shard => grains.GetGrain<ICacheNodesGrain>(shard).SubscribeAsync(reference)));
        }
        catch (Exception ex)
        {
            // Until the next heartbeat this node relies on the cache TTL; nothing else depends on it.
            LogSubscribeFailed(ex);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_reference is null)
        {
            return;
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, CacheShards.Count)
                .Select(shard => grains.GetGrain<ICacheNodesGrain>(shard).UnsubscribeAsync(_reference))).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex)
        {
            // The shards drop silent nodes after a timeout anyway.
            LogUnsubscribeFailed(ex);
        }

        try
        {
            grains.DeleteObjectReference<IAvailabilityCacheNode>(_reference);
        }
        catch (ArgumentException)
        {
            // A co-hosted silo that is shutting down may have released it already.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe this node's availability cache; retrying at the next heartbeat")]
    private partial void LogSubscribeFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Could not unsubscribe this node's availability cache")]
    private partial void LogUnsubscribeFailed(Exception exception);
}
