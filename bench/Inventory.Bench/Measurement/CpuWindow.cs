namespace Inventory.Bench.Measurement;

/// <summary>CPU spent during a window: per process of the run, by this tool, and by the machine as a whole.</summary>
public sealed record CpuWindow(IReadOnlyList<(string Name, TimeSpan Cpu)> Processes, TimeSpan Tool, TimeSpan Machine, TimeSpan Elapsed)
{
    /// <summary>Machine CPU not spent by the run's processes or this tool: an external load generator, other users.</summary>
    public TimeSpan Rest => Machine - Tool - Processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu);

    /// <summary>How many cores were busy on average.</summary>
    public double CoresBusy => Elapsed > TimeSpan.Zero ? Machine / Elapsed : double.NaN;
}
