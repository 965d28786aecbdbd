using System.Diagnostics;
using Inventory.Bench.Http;

namespace Inventory.Bench.Compare;

/// <summary>
/// One call per item (a pair, or a batch of pairs), <c>concurrency</c> at a time, with a progress line every couple
/// of seconds counting pairs: seeding warehouse counts, the feed burst, activating grains by reads. Any failed call
/// fails the whole run (nothing is retried).
/// </summary>
public static class PairWork
{
    public static Task<PairWorkResult> RunAsync(
        string what, IReadOnlyList<StockPair> pairs, int concurrency, Func<StockPair, CancellationToken, Task> call, Action<string> progress,
        CancellationToken cancellation, TimeSpan? limit = null) =>
        RunAsync(what, pairs, _ => 1, concurrency, call, progress, cancellation, limit);

    /// <param name="size">How many pairs an item stands for.</param>
    /// <param name="limit">Stop starting calls after this long (null: run to the end); the result says how many were done.</param>
    public static async Task<PairWorkResult> RunAsync<T>(
        string what, IReadOnlyList<T> items, Func<T, int> size, int concurrency, Func<T, CancellationToken, Task> call, Action<string> progress,
        CancellationToken cancellation, TimeSpan? limit = null)
    {
        var total = items.Sum(size);
        var done = 0;
        var started = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var reporter = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    var count = Volatile.Read(ref done);
                    progress($"  {what}: {count:N0} of {total:N0} after {elapsed:0.0} s ({count / elapsed:N0} /s)");
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            if (limit is { } l)
            {
                deadline.CancelAfter(l);
            }

            // Calls in flight at the deadline finish (they are not cancelled): only new ones stop.
            await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, _) =>
            {
                if (deadline.IsCancellationRequested)
                {
                    cancellation.ThrowIfCancellationRequested();
                    return;
                }

                await call(item, cancellation);
                Interlocked.Add(ref done, size(item));
            });
        }
        finally
        {
            await stop.CancelAsync();
            await reporter;
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var result = new PairWorkResult(done, total, elapsed);
        progress($"  {what}: {done:N0} of {total:N0} in {elapsed.TotalSeconds:0.0} s ({result.PerSecond:N0} /s){(result.Complete ? "" : $", stopped at the {limit!.Value.TotalSeconds:0} s limit")}");
        return result;
    }
}
