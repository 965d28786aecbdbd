using System.Diagnostics;
using Inventory.Bench.Cli;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Cache;

/// <summary>
/// The availability cache (issue #4) on real processes: one standalone silo and two API nodes in client mode.
/// Measures how long a write takes to reach both nodes' caches, and how many cached reads one node serves.
/// </summary>
public sealed class CacheBenchmark : IBenchmark
{
    private readonly Stopwatch _clock = new();

    public string Name => "cache";

    public string Summary => "availability cache: invalidation lag across 2 API nodes, cached read throughput";

    public string OptionsHelp => CacheOptions.Help;

    public async Task<int> RunAsync(BenchArgs args, CancellationToken cancellation)
    {
        var options = CacheOptions.Parse(args);
        var root = RepositoryRoot.Find(options.Root);
        _clock.Start();
        var machine = await MachineFacts.ReadAsync(root, cancellation);
        var workDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "inventory-bench", $"cache-{DateTime.UtcNow:yyyyMMdd-HHmmss}")).FullName;
        Progress($"repository {root}; logs and data under {workDirectory}");

        Progress("starting 1 silo and 2 API nodes from the Release build...");
        await using var cluster = await LocalCluster.StartAsync(root, apiNodes: 2, workDirectory, cancellation);
        try
        {
            return await MeasureAsync(options, machine, cluster, workDirectory, cancellation);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"cache benchmark failed: {ex.Message}\nlogs: {cluster.LogDirectory}");
            foreach (var process in cluster.Apis.Append(cluster.Silo).Where(p => p.HasExited))
            {
                await Console.Error.WriteLineAsync($"{process.Name} has exited; its log ends with:\n{process.Tail()}");
            }

            return 1;
        }
        finally
        {
            Progress("stopping the processes...");
        }
    }

    private async Task<int> MeasureAsync(CacheOptions options, MachineFacts machine, LocalCluster cluster, string workDirectory, CancellationToken cancellation)
    {
        var nodeA = cluster.Apis[0].BaseAddress;
        var nodeB = cluster.Apis[1].BaseAddress;
        Progress($"cluster {cluster.ClusterId} up: silo {cluster.Silo.BaseAddress}, node A {nodeA}, node B {nodeB}");

        var pairs = StockPair.Many(options.Pairs);
        using var writer = new InventoryApi(HttpClients.Create(nodeA, Math.Max(8, options.InFlight), cluster.ApiKey), "node A");
        using var readerB = new InventoryApi(HttpClients.Create(nodeB, 8, cluster.ApiKey), "node B");
        await WarmPairs.SeedAsync(writer, pairs, cancellation);
        await WarmPairs.WarmAsync([writer, readerB], pairs, cancellation);
        Progress($"seeded {pairs.Count} pairs and warmed both nodes' caches");

        Progress($"invalidation lag: {options.Changes} receipts through node A, {options.InFlight} at a time, watched on both nodes...");
        var lag = await new InvalidationLagWorkload(pairs, writer, [nodeA, nodeB], ["node A", "node B"], cluster.ApiKey, options).RunAsync(cancellation);
        Progress($"lag p99 {lag.Overall.P99:0.0} ms over {lag.Overall.Count} observations");

        var reads = new List<ReadResult>();
        Progress($"cached reads, C# driver: {options.Concurrency} readers on node A, {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s...");
        var driver = new CachedReadWorkload(nodeA, cluster.ApiKey, pairs, options.Concurrency, TimeSpan.FromSeconds(options.WarmupSeconds), TimeSpan.FromSeconds(options.DurationSeconds));
        reads.Add(await driver.RunAsync(CpuOf(cluster), cancellation));
        Progress($"{reads[^1].ReadsPerSecond:0} reads/s, {reads[^1].Errors} errors");

        string? wrkNote = null;
        var wrk = options.UseWrk ? WrkDriver.Find() : null;
        if (wrk is null)
        {
            wrkNote = options.UseWrk ? "wrk is not installed (apt-get install -y wrk)" : "--no-wrk";
        }
        else
        {
            Progress($"cached reads, wrk: {options.WrkThreads} thread(s), {options.Concurrency} connections on node A, {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s...");
            var wrkDriver = new WrkDriver(wrk, nodeA, options.WrkThreads, options.Concurrency, workDirectory);
            var run = await wrkDriver.RunAsync(CachedReadWorkload.WrkRequests(cluster.ApiKey, pairs), TimeSpan.FromSeconds(options.WarmupSeconds),
                TimeSpan.FromSeconds(options.DurationSeconds), CpuOf(cluster), cancellation);
            reads.Add(ReadResult.FromWrk(wrkDriver.Description, run));
            Progress($"{reads[^1].ReadsPerSecond:0} reads/s, {reads[^1].Errors} errors");
        }

        var loadAfter = MachineFacts.LoadAverageNow();
        Console.WriteLine();
        Console.Write(CacheReport.Build(machine, options, lag, reads, loadAfter, wrkNote).Render());
        Console.WriteLine("Lag is ack-to-visible measured by polling: an upper bound, with a resolution of one poll round trip.");
        return 0;
    }

    private static Func<CpuSnapshot> CpuOf(LocalCluster cluster)
    {
        var processes = cluster.Apis.Append(cluster.Silo).Select(p => (p.Name, (Func<TimeSpan>)p.CpuTime)).ToList();
        return () => CpuSnapshot.Take(processes);
    }

    private void Progress(string message) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
