using System.Diagnostics;
using System.Globalization;

namespace Inventory.Bench.Measurement;

/// <summary>
/// CPU time consumed so far by the processes of a run, by this tool and by the whole machine. The difference of two
/// snapshots says who spent the cores during a window: on a small shared machine that is what decides a throughput.
/// </summary>
public sealed record CpuSnapshot(IReadOnlyList<(string Name, TimeSpan Cpu)> Processes, TimeSpan Tool, TimeSpan Machine, long Timestamp)
{
    /// <summary>Reads the CPU time of each named process (from <see cref="Process.TotalProcessorTime"/>), of this tool and of the machine.</summary>
    public static CpuSnapshot Take(IEnumerable<(string Name, Func<TimeSpan> Cpu)> processes)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSnapshot([.. processes.Select(p => (p.Name, p.Cpu()))], self.TotalProcessorTime, MachineBusy(), Stopwatch.GetTimestamp());
    }

    /// <summary>CPU spent between <paramref name="earlier"/> and this snapshot.</summary>
    public CpuWindow Since(CpuSnapshot earlier) => new(
        [.. Processes.Zip(earlier.Processes, (now, then) => (now.Name, now.Cpu - then.Cpu))],
        Tool - earlier.Tool,
        Machine - earlier.Machine,
        Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp));

    /// <summary>Busy time of all cores together, from the first line of /proc/stat (everything but idle and iowait).</summary>
    private static TimeSpan MachineBusy()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var busyTicks = fields.Take(8).Sum() - fields[3] - fields[4];
            // USER_HZ is 100 on Linux builds for every mainstream architecture.
            return TimeSpan.FromMilliseconds(busyTicks * 10);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }
}
