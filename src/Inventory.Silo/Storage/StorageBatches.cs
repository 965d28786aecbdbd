using System.Diagnostics;
using System.Threading.Channels;
using Inventory.Diagnostics;

namespace Inventory.Silo.Storage;

/// <summary>
/// The queue and loops of a storage that serves many callers per statement: callers enqueue, each of
/// <c>loops</c> loops takes what is queued (up to <c>maxBatch</c> items, and with <c>rowOf</c> at most one item per row:
/// a second write of the same row waits for the next batch) and hands it to <c>processAsync</c>, while the next batch
/// fills up. An item that <c>processAsync</c> leaves unanswered when it throws fails with that exception.
/// Its owner joins the silo lifecycle and calls <see cref="Start"/> and <see cref="StopAsync"/>: a stop takes no more
/// work and returns once every accepted item is answered; what is still under way when the stop runs out of time is
/// cancelled (<see cref="Aborted"/>) and fails, never vanishes. Each batch is a span named <c>span</c> (see
/// <see cref="StartSpan"/>) when one of its callers is traced.
/// </summary>
internal sealed class StorageBatches<T>(
    string owner, string span, int loops, int maxBatch, Func<T, object>? rowOf, Func<IReadOnlyList<T>, CancellationToken, Task> processAsync)
    : IDisposable
    where T : IBatchItem
{
    private readonly Channel<T> _queue = Channel.CreateUnbounded<T>();
    private readonly CancellationTokenSource _abort = new();
    private Task? _loops;

    /// <summary>Cancelled when a stop runs out of time: statements under way are cancelled, and whatever is left fails at once.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Queues <paramref name="item"/>; refused once the owner is stopping.</summary>
    public void Enqueue(T item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            throw new InvalidOperationException($"{owner} is shutting down.");
        }
    }

    /// <summary>Starts the loops; items queued before wait for this.</summary>
    public void Start() => _loops ??= Task.WhenAll(Enumerable.Range(0, loops).Select(_ => Task.Run(LoopAsync, CancellationToken.None)));

    /// <summary>
    /// Takes no more items, and returns once everything accepted is answered: what is still under way when
    /// <paramref name="cancellationToken"/> fires is cancelled and fails its callers.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_loops is null)
        {
            // Never started: the loops only run to fail what was queued.
            await _abort.CancelAsync();
            Start();
        }

        try
        {
            await _loops!.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abort.CancelAsync();
            await _loops!;
        }
    }

    public void Dispose() => _abort.Dispose();

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var carried = new List<T>();
        while (carried.Count > 0 || await reader.WaitToReadAsync())
        {
            var batch = new List<T>();
            var rows = rowOf is null ? null : new HashSet<object>();
            var next = new List<T>();
            void Take(T item)
            {
                if (rows is null || rows.Add(rowOf!(item)))
                {
                    batch.Add(item);
                }
                else
                {
                    next.Add(item);
                }
            }

            carried.ForEach(Take);
            while (batch.Count < maxBatch && reader.TryRead(out var item))
            {
                Take(item);
            }

            carried = next;
            if (batch.Count == 0)
            {
                continue;
            }

            using var batchSpan = StartSpan(batch);
            try
            {
                await processAsync(batch, _abort.Token);
            }
            catch (Exception e)
            {
                batchSpan.Failed(e);
                // Nothing of the batch is known to be done (or, if the connection broke during the commit, known not to
                // be), so no caller left without an answer is acknowledged, and every one learns it.
                foreach (var item in batch)
                {
                    item.Fail(e);
                }
            }
        }
    }

    /// <summary>
    /// The batch's span, when a caller in it is traced and recorded: a child of the first such caller's span, so a write
    /// that went out alone reads as one trace from the request to the statement, and linked to every other caller's.
    /// </summary>
    private Activity? StartSpan(List<T> batch)
    {
        if (!InventoryTracing.Source.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        List<ActivityLink>? links = null;
        foreach (var item in batch)
        {
            var caller = item.Caller;
            if (parent == default && caller.TraceFlags.HasFlag(ActivityTraceFlags.Recorded))
            {
                parent = caller;
            }
            else if (caller != default)
            {
                (links ??= []).Add(new ActivityLink(caller));
            }
        }

        return parent == default
            ? null
            : InventoryTracing.Source.StartActivity(span, ActivityKind.Client, parent, links: links)?.SetTag(InventoryTracing.BatchSizeTag, batch.Count);
    }
}
