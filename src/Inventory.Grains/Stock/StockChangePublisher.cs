using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Inventory.Stock;

/// <summary>
/// Publishes durable changes on the pair's stream strictly in version order, off the request path:
/// acknowledging a reservation never waits for the stream.
/// </summary>
public sealed partial class StockChangePublisher(IAsyncStream<StockChanged> stream, ILogger logger)
{
    private readonly Queue<StockChanged> _queue = new();
    private Task _pump = Task.CompletedTask;

    public void Publish(IReadOnlyList<StockChanged> changes)
    {
        foreach (var change in changes)
        {
            _queue.Enqueue(change);
        }

        if (_pump.IsCompleted && _queue.Count > 0)
        {
            _pump = PumpAsync();
        }
    }

    /// <summary>Completes when everything queued so far has been handed to the stream.</summary>
    public Task DrainAsync() => _pump;

    private async Task PumpAsync()
    {
        while (_queue.TryDequeue(out var change))
        {
            try
            {
                await stream.OnNextAsync(change);
            }
            catch (Exception ex)
            {
                // Memory streams are not durable anyway; consumers reconcile by version. Never block the pair on it.
                LogPublishFailed(logger, ex, change.Snapshot.Key.ToString(), change.Snapshot.Version);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish stock change {StockKey} v{Version}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string stockKey, long version);
}
