using System.Globalization;

namespace Inventory.Bench.Measurement;

/// <summary>
/// CPU time of processes this tool did not start as one <see cref="System.Diagnostics.Process"/>, read from
/// <c>/proc/&lt;pid&gt;/stat</c>: a server that forks a process per connection (PostgreSQL), and the short-lived
/// children of this tool (wrk) once they have exited.
/// </summary>
public static class ProcessCpu
{
    // USER_HZ is 100 on Linux builds for every mainstream architecture.
    private const long TicksPerSecond = 100;

    /// <summary>
    /// A process and everything below it: its own time, the time of the children it has waited for, and the time of
    /// the children still running. A PostgreSQL backend that ends moves its time from the last term to the second
    /// (the postmaster waits for it), so the sum never goes back. Zero once the process is gone.
    /// </summary>
    public static TimeSpan Tree(int pid)
    {
        var stats = ReadAll();
        return stats.TryGetValue(pid, out var root) ? Sum(root, stats) : TimeSpan.Zero;

        static TimeSpan Sum(Stat stat, Dictionary<int, Stat> all) =>
            stat.Own + stat.Reaped + all.Values.Where(s => s.Parent == stat.Pid).Aggregate(TimeSpan.Zero, (sum, child) => sum + Sum(child, all));
    }

    /// <summary>The time of the children this process has started and waited for (wrk after each run).</summary>
    public static TimeSpan ReapedChildrenOfThisProcess() => Read("/proc/self/stat") is { } self ? self.Reaped : TimeSpan.Zero;

    private static Dictionary<int, Stat> ReadAll()
    {
        var stats = new Dictionary<int, Stat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _) && Read(Path.Combine(directory, "stat")) is { } stat)
            {
                stats[stat.Pid] = stat;
            }
        }

        return stats;
    }

    private static Stat? Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process ended between listing and reading.
            return null;
        }

        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new Stat(
            int.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture),
            (int)Field(4),
            Ticks(Field(14) + Field(15)),
            Ticks(Field(16) + Field(17)));
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / (double)TicksPerSecond);

    /// <summary>Fields 1, 4, 14 + 15 (utime, stime) and 16 + 17 (cutime, cstime) of proc(5).</summary>
    private sealed record Stat(int Pid, int Parent, TimeSpan Own, TimeSpan Reaped);
}
