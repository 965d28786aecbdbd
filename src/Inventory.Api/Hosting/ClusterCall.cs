using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Inventory.Api.Hosting;

/// <summary>
/// Calls a grain, repeating it briefly after a handover (<see cref="TransientFailures.IsHandover"/>): the cluster
/// refused the call because a silo is leaving or gone, so it did not run, or lost it with a silo that crashed
/// (<see cref="GatewayLossBreaker"/>), so it may have run. Every grain operation is idempotent on its reservation or
/// operation id, so a repeat changes nothing twice. Other failures surface at once.
/// </summary>
public static class ClusterCall
{
    // Until a crashed silo is declared dead (its probes time out after 1 s, see UseFastFailureDetection), the gateways
    // refuse the calls meant for its grains at once; the pauses span that second, so those calls are answered in the end.
    private static readonly TimeSpan[] Backoff =
    [
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200),
        TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(400),
    ];

    private static readonly ResiliencePropertyKey<TimeSpan> Budget = new("inventory.cluster-call.budget");
    private static readonly ResiliencePropertyKey<long> Started = new("inventory.cluster-call.started");

    private static readonly ResiliencePipeline OnSystemTime = Build(TimeProvider.System);

    public static Task<T> RunAsync<T>(Func<Task<T>> call) => RunAsync(call, Timeout.InfiniteTimeSpan);

    /// <summary>For calls that return nothing.</summary>
    public static Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call();
        return true;
    });

    /// <summary>
    /// As <see cref="RunAsync{T}(Func{Task{T}})"/>, but gives up after <paramref name="budget"/> (retries included) with a
    /// <see cref="ClusterTimeoutException"/>, so a caller is never left hanging on a cluster that does not answer.
    /// </summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan budget) => RunAsync(call, budget, TimeProvider.System, OnSystemTime);

    /// <summary>As <see cref="RunAsync{T}(Func{Task{T}}, TimeSpan)"/>, with pauses and budget on <paramref name="time"/> (tests).</summary>
    internal static Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan budget, TimeProvider time) => RunAsync(call, budget, time, Build(time));

    private static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan budget, TimeProvider time, ResiliencePipeline pipeline)
    {
        var bounded = budget != Timeout.InfiniteTimeSpan;
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(Budget, budget);
        context.Properties.Set(Started, time.GetTimestamp());
        try
        {
            // The grain call cannot be cancelled; when the budget runs out the caller stops waiting for it.
            return await pipeline.ExecuteAsync(static (context, call) => new ValueTask<T>(call().WaitAsync(context.CancellationToken)), context, call);
        }
        catch (Exception ex) when (bounded && ex is TimeoutRejectedException or TimeoutException)
        {
            throw new ClusterTimeoutException(budget);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // The budget bounds the whole call, repeats and pauses included; a repeat is only tried when its pause fits in
    // what is left of it, so a call that cannot succeed in time reports the handover, not a timeout.
    private static ResiliencePipeline Build(TimeProvider time) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(Budget, Timeout.InfiniteTimeSpan)) })
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Backoff.Length,
            // Asked after the last repeat too (before the attempt limit is applied): then there is no pause left to try.
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is { } failure && TransientFailures.IsHandover(failure)
                && args.AttemptNumber < Backoff.Length && Remaining(args.Context, time) > Backoff[args.AttemptNumber]),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff[args.AttemptNumber]),
        })
        .Build();

    private static TimeSpan Remaining(ResilienceContext context, TimeProvider time)
    {
        var budget = context.Properties.GetValue(Budget, Timeout.InfiniteTimeSpan);
        return budget == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : budget - time.GetElapsedTime(context.Properties.GetValue(Started, 0L));
    }
}
