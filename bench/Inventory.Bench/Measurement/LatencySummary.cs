using System.Diagnostics;

namespace Inventory.Bench.Measurement;

/// <summary>Percentiles of a set of durations, in milliseconds (nearest-rank on the sorted samples).</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static readonly LatencySummary Empty = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Summarizes raw <see cref="Stopwatch"/> ticks; sorts the array in place.</summary>
    public static LatencySummary Of(long[] ticks)
    {
        if (ticks.Length == 0)
        {
            return Empty;
        }

        Array.Sort(ticks);
        return new LatencySummary(
            ticks.Length,
            Milliseconds(ticks.Average(t => (double)t)),
            Milliseconds(Rank(ticks, 0.50)),
            Milliseconds(Rank(ticks, 0.90)),
            Milliseconds(Rank(ticks, 0.99)),
            Milliseconds(Rank(ticks, 0.999)),
            Milliseconds(ticks[^1]));
    }

    public static double Milliseconds(double ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static long Rank(long[] sorted, double quantile)
    {
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
