using Inventory.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Inventory.Stock;

/// <summary>
/// Publishes durable changes on the pair's stream in version order, off the request path: acknowledging a
/// reservation never waits for the stream. Changes that arrive while an event is being handed over are coalesced:
/// only the newest is published next, because every consumer (cache, channels) wants the pair's latest quantities
/// and drops older versions anyway. A flash sale on one pair thus costs one event per hand-over, not one per
/// reservation.
/// </summary>
/// <param name="publishedVersion">The pair's version when the publisher starts: everything up to it is already out.</param>
public sealed partial class StockChangePublisher(IAsyncStream<StockChanged> stream, long publishedVersion, ILogger logger)
{
    private StockChanged? _latest;
    private long _published = publishedVersion;
    private Task _pump = Task.CompletedTask;

    public void Publish(IReadOnlyList<StockChanged> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        // Durable changes arrive in version order: the last one given is the newest.
        _latest = changes[^1];

        if (_pump.IsCompleted)
        {
            _pump = PumpAsync();
        }
    }

    /// <summary>Completes when everything published so far has been handed to the stream.</summary>
    public Task DrainAsync() => _pump;

    private async Task PumpAsync()
    {
        while (_latest is { } change)
        {
            _latest = null;
            change = change with { PreviousVersion = _published };
            _published = change.Snapshot.Version;
            using var span = InventoryTracing.StartSend("publish stock change");
            span?.SetTag(InventoryTracing.StockKeyTag, change.Snapshot.Key.ToString()).SetTag(InventoryTracing.StockVersionTag, change.Snapshot.Version);
            try
            {
                await stream.OnNextAsync(change);
            }
            catch (Exception ex)
            {
                // Memory streams are not durable anyway; consumers reconcile by version. Never block the pair on it.
                span.Failed(ex);
                LogPublishFailed(logger, ex, change.Snapshot.Key.ToString(), change.Snapshot.Version);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish stock change {StockKey} v{Version}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string stockKey, long version);
}
