using Inventory.Bench.Measurement;

namespace Inventory.Bench.Http;

/// <summary>What one measured wrk run reported.</summary>
/// <param name="Requests">Every answer wrk read in the measured run, whatever its status.</param>
/// <param name="StatusErrors">Answers that were not 2xx or 3xx.</param>
/// <param name="SocketErrors">Connect, read and write errors and timeouts.</param>
/// <param name="Elapsed">The measured run, as wrk timed it.</param>
/// <param name="Latency">Latency of every answer (errors included), with wrk's microsecond resolution.</param>
/// <param name="ErrorNotes">What went wrong, if anything, in words.</param>
/// <param name="WarmupRequests">Answers in the unmeasured warm-up run before it.</param>
public sealed record WrkResult(
    long Requests, long StatusErrors, long SocketErrors, TimeSpan Elapsed, LatencySummary Latency, IReadOnlyList<string> ErrorNotes, long WarmupRequests)
{
    /// <summary>Who spent the CPU during the measured run.</summary>
    public CpuWindow? Cpu { get; init; }

    /// <summary>2xx and 3xx answers.</summary>
    public long Succeeded => Requests - StatusErrors;
}
