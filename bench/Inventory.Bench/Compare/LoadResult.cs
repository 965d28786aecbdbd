using Inventory.Bench.Http;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Compare;

/// <summary>What one closed-loop reservation run measured, over its measured window only.</summary>
/// <param name="Clients">Concurrent keep-alive clients.</param>
/// <param name="Ok">201 Created: a hold the service acknowledged (durably stored).</param>
/// <param name="Rejected">409 insufficient-stock: a correct refusal, not a success.</param>
/// <param name="Errors">Any other status or exception.</param>
/// <param name="Elapsed">The measured window.</param>
/// <param name="Latency">Latency of every answered attempt (201 and 409), like the peers' pgbench/redis-benchmark numbers.</param>
/// <param name="ErrorSample">The first few errors, to say what went wrong.</param>
public sealed record LoadResult(int Clients, long Ok, long Rejected, long Errors, TimeSpan Elapsed, LatencySummary Latency, IReadOnlyList<string> ErrorSample)
{
    /// <summary>Answered attempts (201 + 409) per second, the peers' measure (their ops include rejected attempts).</summary>
    public double OpsPerSecond => Elapsed > TimeSpan.Zero ? (Ok + Rejected) / Elapsed.TotalSeconds : double.NaN;

    /// <summary>Attempts answered (201 or 409) in the whole run, warm-up included: the divisor for per-attempt counts.</summary>
    public long AllAnswered { get; init; }

    /// <summary>201s in the whole run, warm-up included: every hold the service acknowledged.</summary>
    public long AllOk { get; init; }

    /// <summary>PostgreSQL transactions committed during the window, when counted.</summary>
    public long? PgTransactions { get; init; }

    /// <summary>CPU of the target's server and store, this tool and the rest of the machine during the window.</summary>
    public CpuWindow? Cpu { get; init; }

    /// <summary>CPU µs per answered attempt in the window, by who spent it.</summary>
    public CpuPerOp? CpuPerOp => Compare.CpuPerOp.Of(Cpu, Ok + Rejected);

    /// <summary>
    /// A wrk run: wrk counts only 2xx/3xx as successes, so a 409 would be an error here (the H and U pairs hold far
    /// more stock than a run takes). The warm-up's answers count for the per-attempt figures, as with the C# driver.
    /// </summary>
    public static LoadResult FromWrk(WrkResult run, int clients) =>
        new(clients, run.Succeeded, 0, run.StatusErrors + run.SocketErrors, run.Elapsed, run.Latency, run.ErrorNotes)
        {
            AllAnswered = run.Requests + run.WarmupRequests,
            Cpu = run.Cpu,
        };
}
