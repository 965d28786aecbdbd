using System.Diagnostics;

namespace Inventory.Bench.Measurement;

/// <summary>
/// Records durations as raw <see cref="Stopwatch"/> ticks in a growing array: one writer only (give each worker its
/// own and <see cref="Merge"/> them at the end), no locks and no allocation per sample once the array has grown.
/// Percentiles are exact (sorted), which is affordable for the few million samples a run produces.
/// </summary>
public sealed class LatencyRecorder(int capacity = 4096)
{
    private long[] _ticks = new long[Math.Max(16, capacity)];

    public int Count { get; private set; }

    /// <summary>Records the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>) to now.</summary>
    public long RecordSince(long startTimestamp)
    {
        var elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        Record(elapsed);
        return elapsed;
    }

    public void Record(long ticks)
    {
        if (Count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }

        _ticks[Count++] = ticks;
    }

    public void Clear() => Count = 0;

    /// <summary>All samples of several recorders, summarized.</summary>
    public static LatencySummary Merge(IEnumerable<LatencyRecorder> recorders)
    {
        var all = recorders.ToList();
        var merged = new long[all.Sum(r => r.Count)];
        var at = 0;
        foreach (var recorder in all)
        {
            Array.Copy(recorder._ticks, 0, merged, at, recorder.Count);
            at += recorder.Count;
        }

        return LatencySummary.Of(merged);
    }

    public LatencySummary Summarize() => Merge([this]);
}
