namespace Inventory.Bench.Compare;

/// <summary>How many of the pairs' calls were done, and how long it took.</summary>
public sealed record PairWorkResult(int Done, int Total, TimeSpan Elapsed)
{
    public bool Complete => Done == Total;

    public double PerSecond => Elapsed > TimeSpan.Zero ? Done / Elapsed.TotalSeconds : double.NaN;

    /// <summary>The time all of them would take at the rate measured.</summary>
    public TimeSpan Projected => Complete ? Elapsed : TimeSpan.FromSeconds(Total / PerSecond);
}
