using Inventory.Bench.Http;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Cache;

/// <summary>Cached-read throughput of one driver against one node, over the measured window only.</summary>
/// <param name="Driver">What generated the load (the C# driver, wrk).</param>
/// <param name="Reads">Successful reads (200) in the window.</param>
/// <param name="Errors">Any other answer or exception in the window; never counted as reads.</param>
/// <param name="Elapsed">From the start of the window until the last request of the window completed.</param>
/// <param name="Latency">Latency of the successful reads.</param>
/// <param name="ErrorSample">The first few errors, to say what went wrong.</param>
public sealed record ReadResult(string Driver, long Reads, long Errors, TimeSpan Elapsed, LatencySummary Latency, IReadOnlyList<string> ErrorSample)
{
    /// <summary>Who spent the CPU during the measured window.</summary>
    public CpuWindow? Cpu { get; init; }

    public double ReadsPerSecond => Elapsed > TimeSpan.Zero ? Reads / Elapsed.TotalSeconds : double.NaN;

    /// <summary>A wrk run of reads: only 2xx/3xx answers are reads; every other answer and socket error is an error.</summary>
    public static ReadResult FromWrk(string driver, WrkResult run) =>
        new(driver, run.Succeeded, run.StatusErrors + run.SocketErrors, run.Elapsed, run.Latency, run.ErrorNotes) { Cpu = run.Cpu };
}
