using Polly;
using Polly.Retry;

namespace Inventory.Reservations;

/// <summary>
/// Repeats a reservation's call to a stock grain that failed for a reason that passes on its own
/// (<see cref="TransientFailures.IsRepeatable"/>). The main case is a version conflict. While a silo hands its grains
/// over, a pair can briefly have two activations. The one holding a stale version then fails its write and reloads.
/// The storage ETag makes sure nothing is decided twice, and the repeated call reaches a current activation.
/// Every stock call a reservation makes is idempotent per reservation id, so it is safe to repeat a call whose
/// answer was lost after its change became durable.
/// </summary>
public static class StockCallRetry
{
    /// <summary>The pauses before each repeat: at most three more attempts, about 0.3 s in all.</summary>
    public static IReadOnlyList<TimeSpan> Pauses { get; } =
        [TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250)];

    private static readonly ResiliencePropertyKey<Action<Exception, int>> Retrying = new("inventory.stock-call.retrying");

    // Built once for the checkout path: a pipeline is immutable and its per-call state lives in the pooled context.
    private static readonly ResiliencePipeline Default = Pipeline(Pauses, TimeProvider.System);

    /// <summary>
    /// Runs <paramref name="call"/>. After a repeatable failure it waits the next pause and runs the call again,
    /// until the pauses run out. Then it rethrows the last failure. Any other failure is rethrown at once.
    /// </summary>
    /// <param name="call">The stock grain call.</param>
    /// <param name="pauses">The pause before each repeat; their number is the most repeats.</param>
    /// <param name="time">The clock the pauses wait on.</param>
    /// <param name="retrying">Told of each failure that is repeated, with the repeat's number (1, 2, …).</param>
    public static async Task<T> RunAsync<T>(
        Func<Task<T>> call, IReadOnlyList<TimeSpan> pauses, TimeProvider time, Action<Exception, int>? retrying = null)
    {
        var pipeline = ReferenceEquals(pauses, Pauses) && ReferenceEquals(time, TimeProvider.System) ? Default : Pipeline(pauses, time);
        // Stay on the calling grain's scheduler: every repeat is a grain call made by that activation.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true);
        if (retrying is not null)
        {
            context.Properties.Set(Retrying, retrying);
        }

        try
        {
            return await pipeline.ExecuteAsync(static (_, call) => new ValueTask<T>(call()), context, call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ResiliencePipeline Pipeline(IReadOnlyList<TimeSpan> pauses, TimeProvider time)
    {
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time };
        if (pauses.Count == 0)
        {
            return pipeline.Build();
        }

        return pipeline.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = pauses.Count,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } failure && TransientFailures.IsRepeatable(failure)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(pauses[args.AttemptNumber]),
            OnRetry = args =>
            {
                if (args.Context.Properties.TryGetValue(Retrying, out var retrying))
                {
                    retrying(args.Outcome.Exception!, args.AttemptNumber + 1);
                }

                return ValueTask.CompletedTask;
            },
        }).Build();
    }
}
