using System.Globalization;
using Inventory.Bench.Hosting;
using Inventory.Bench.Reporting;

namespace Inventory.Bench.Cache;

/// <summary>The one table the cache workload ends with: the machine, the settings, the numbers, the targets.</summary>
public static class CacheReport
{
    /// <summary>Issue target: p99 ack-to-visible lag with 2 API nodes.</summary>
    public const double LagP99TargetMs = 50;

    /// <summary>Issue target: cached availability reads per second on one node.</summary>
    public const double ReadsPerSecondTarget = 20_000;

    public static ResultTable Build(MachineFacts machine, CacheOptions options, LagResult lag, IReadOnlyList<ReadResult> reads, string loadAfter, string? wrkNote)
    {
        var table = new ResultTable($"Availability cache benchmark — {machine.At:yyyy-MM-dd HH:mm} UTC{(options.Quick ? " (--quick: smoke run, not a measurement)" : "")}");

        table.Section("Machine");
        table.Add("cores / CPU", $"{machine.Cores} / {machine.CpuModel}");
        table.Add("dotnet --version", machine.DotnetVersion);
        table.Add("OS", machine.Os);
        table.Add("load average before / after (1 5 15 min)", $"{machine.LoadAverage} / {loadAfter}");
        table.Add("topology", "1 silo (SQLite) + 2 API nodes (client mode), all local");

        table.Section("Settings");
        table.Add("pairs / changes / in flight", $"{options.Pairs} / {options.Changes} / {options.InFlight}");
        table.Add("pace (random pause after a change) / poll gap", $"0-{options.PaceMs} ms / {options.PollGapMs} ms");
        table.Add("readers / warm-up / duration", $"{options.Concurrency} / {options.WarmupSeconds} s / {options.DurationSeconds} s");

        table.Section($"Invalidation lag: write ack on node A → visible in a poll (p50 / p90 / p99 / max), {Units.Count(lag.Changes)} changes in {lag.Elapsed.TotalSeconds:0.0} s");
        foreach (var node in lag.Nodes)
        {
            table.Add($"{node.Node}", Quad(node.Lag.P50, node.Lag.P90, node.Lag.P99, node.Lag.Max));
            table.Add($"{node.Node}: not seen in {options.LagTimeoutMs} ms / seen on first poll", $"{node.NotSeen} / {Units.Percent(node.SeenOnFirstPoll / (double)Math.Max(1, lag.Changes))}");
        }

        table.Add("both nodes", Quad(lag.Overall.P50, lag.Overall.P90, lag.Overall.P99, lag.Overall.Max));
        table.Add("poll round trip (resolution) p50 / p99", $"{Units.Ms(lag.PollRoundTrip.P50)} / {Units.Ms(lag.PollRoundTrip.P99)}");
        table.Add("write (receipt) until ack p50 / p99", $"{Units.Ms(lag.WriteAck.P50)} / {Units.Ms(lag.WriteAck.P99)}");
        var notSeen = lag.Nodes.Sum(n => n.NotSeen);
        table.AddTarget("p99 lag, both nodes", Units.Ms(lag.Overall.P99), $"<= {LagP99TargetMs:0} ms", notSeen == 0 && lag.Overall.P99 <= LagP99TargetMs);

        foreach (var read in reads)
        {
            table.Section($"Cached reads on node A: {read.Driver}, {read.Elapsed.TotalSeconds:0.0} s measured");
            table.AddTarget("reads/s (200 only)", Units.PerSecond(read.ReadsPerSecond), $">= {ReadsPerSecondTarget.ToString("#,0", CultureInfo.InvariantCulture)} /s",
                read.ReadsPerSecond >= ReadsPerSecondTarget);
            table.Add("latency p50 / p90 / p99 / max", Quad(read.Latency.P50, read.Latency.P90, read.Latency.P99, read.Latency.Max));
            table.AddTarget("errors (non-200, exceptions)", $"{Units.Count(read.Errors)} of {Units.Count(read.Reads + read.Errors)}", "0", read.Errors == 0);
            if (read.Cpu is { } cpu)
            {
                var requests = Math.Max(1, read.Reads + read.Errors);
                string PerRead(TimeSpan time) => (time.TotalMicroseconds / requests).ToString("0.0", CultureInfo.InvariantCulture);
                table.Add("CPU µs per read: " + string.Join(" / ", cpu.Processes.Select(p => p.Name)) + " / this tool / rest of machine",
                    string.Join(" / ", cpu.Processes.Select(p => PerRead(p.Cpu))) + $" / {PerRead(cpu.Tool)} / {PerRead(cpu.Rest)}");
                table.Add("cores busy (whole machine)", $"{cpu.CoresBusy.ToString("0.00", CultureInfo.InvariantCulture)} of {machine.Cores}");
            }

            foreach (var error in read.ErrorSample)
            {
                table.Add("  e.g.", error);
            }
        }

        if (wrkNote is not null)
        {
            table.Section("wrk");
            table.Add("not run", wrkNote);
        }

        table.Section("Cache hit/miss counters");
        table.Add("inventory.cache.hits / misses", "not exposed over HTTP (meters only): not read");
        return table;
    }

    private static string Quad(double a, double b, double c, double d) =>
        $"{Units.Ms(a)} / {Units.Ms(b)} / {Units.Ms(c)} / {Units.Ms(d)}";
}
