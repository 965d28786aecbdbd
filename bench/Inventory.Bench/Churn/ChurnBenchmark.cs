using System.Diagnostics;
using System.Globalization;
using System.Text;
using Inventory.Bench.Cli;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Measurement;
using Inventory.Bench.Reporting;

namespace Inventory.Bench.Churn;

/// <summary>
/// Issue #13: a pair's row must stay small however long it is hot. Churns one pair with hold→release cycles (a
/// million by default: a flash sale of abandoned carts), then prints what PostgreSQL stores for it next to a fresh
/// pair, the largest stock write of the run, and hold latency on the churned pair against the fresh one.
/// </summary>
public sealed class ChurnBenchmark : IBenchmark
{
    private const long PlentyOfStock = 1_000_000_000;
    private const double LargestWriteTarget = 64 * 1024;
    private const double LatencyRatioTarget = 1.2;
    private static readonly StockPair Churned = new("BENCH-CHURN", "CHURN-1");
    private static readonly StockPair Fresh = new("BENCH-CHURN", "FRESH-1");
    private readonly Stopwatch _clock = new();

    public string Name => "churn";

    public string Summary => "one pair after N hold→release cycles: its stored row, the largest write, hold p50/p99 vs a fresh pair";

    public string OptionsHelp => ChurnOptions.Help;

    public async Task<int> RunAsync(BenchArgs args, CancellationToken cancellation)
    {
        var options = ChurnOptions.Parse(args);
        var root = RepositoryRoot.Find(options.Root);
        _clock.Start();
        return await PostgresServiceRun.RunAsync(Name, root, options.StorageOptions, null, Progress,
            run => MeasureAsync(options, run.Machine, run.Servers, run.Service, cancellation), cancellation);
    }

    private async Task<string> MeasureAsync(ChurnOptions options, MachineFacts machine, TestServers servers, CoHostedService service, CancellationToken cancellation)
    {
        using var api = new InventoryApi(HttpClients.Create(service.Process.BaseAddress, 4, service.ApiKey), "service");
        var asOf = DateTimeOffset.UtcNow;
        await api.SetCountAsync(Churned, PlentyOfStock, asOf, cancellation);
        await api.SetCountAsync(Fresh, PlentyOfStock, asOf, cancellation);
        var freshBefore = await RowAsync(servers, Fresh, cancellation);

        Progress($"churn: {options.Cycles:N0} hold→release cycles on {Churned.Location}/{Churned.Sku} from {options.Clients} clients...");
        var churn = new HoldReleaseLoad(service.Process.BaseAddress, service.ApiKey, Churned, options.Clients);
        var started = Stopwatch.GetTimestamp();
        var churning = churn.RunCyclesAsync(options.Cycles, cancellation);
        while (await Task.WhenAny(churning, Task.Delay(TimeSpan.FromSeconds(30), cancellation)) != churning)
        {
            Progress($"  {churn.CyclesDone:N0} cycles ({churn.CyclesDone / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s), {churn.Errors:N0} errors");
        }

        await churning;
        var churnTime = Stopwatch.GetElapsedTime(started);
        Progress($"churn done: {churn.CyclesDone:N0} cycles in {churnTime.TotalSeconds:N0} s, {churn.Errors:N0} errors{ErrorNote(churn)}");
        var churnedRow = await RowAsync(servers, Churned, cancellation);

        // Rounds alternate between the pairs, so whatever drifts during the measurement (the JIT, the database's cache,
        // other work on the machine) weighs on both alike.
        var round = TimeSpan.FromSeconds((double)options.MeasureSeconds / options.Rounds);
        var rounds = new Dictionary<StockPair, List<HoldReleaseLoad>> { [Churned] = [], [Fresh] = [] };
        Progress($"hold latency: {options.Rounds} rounds of {round.TotalSeconds:0.#} s per pair, {options.MeasureClients} clients...");
        for (var i = 0; i < options.Rounds; i++)
        {
            foreach (var pair in new[] { Churned, Fresh })
            {
                var load = new HoldReleaseLoad(service.Process.BaseAddress, service.ApiKey, pair, options.MeasureClients);
                await load.RunForAsync(round, cancellation);
                rounds[pair].Add(load);
            }
        }

        var sizes = await WriteSizes.ReadAsync(api.Http, cancellation);
        var freshRow = await RowAsync(servers, Fresh, cancellation);
        return Report(options, machine, churn, churnTime, churnedRow, freshBefore, freshRow, sizes, rounds[Churned], rounds[Fresh]);
    }

    /// <summary>What PostgreSQL stores for a pair: its row, its hold pages, the ended reservations and movements it keeps.</summary>
    private static async Task<StoredRow> RowAsync(TestServers servers, StockPair pair, CancellationToken cancellation)
    {
        var key = $"location = '{pair.Location}' AND sku = '{pair.Sku}'";
        var answer = await servers.QueryAsync($"""
            SELECT octet_length(state), pg_column_size(s.*),
                   (SELECT COUNT(*) FROM inventory_stock_pages WHERE {key}),
                   (SELECT COALESCE(SUM(octet_length(holds)), 0) FROM inventory_stock_pages WHERE {key}),
                   (SELECT COUNT(*) FROM inventory_stock_closed WHERE {key}),
                   (SELECT COUNT(*) FROM inventory_stock_movements WHERE {key})
            FROM inventory_stock s WHERE {key}
            """, cancellation);
        var values = answer.Split('|').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return values.Length == 6
            ? new StoredRow(values[0], values[1], values[2], values[3], values[4], values[5])
            : throw new InvalidOperationException($"no stored row for {pair.Location}/{pair.Sku}: '{answer}'");
    }

    private static string Report(
        ChurnOptions options, MachineFacts machine, HoldReleaseLoad churn, TimeSpan churnTime, StoredRow churned, StoredRow freshBefore,
        StoredRow fresh, WriteSizes sizes, List<HoldReleaseLoad> churnedHolds, List<HoldReleaseLoad> freshHolds)
    {
        var text = new StringBuilder();
        text.AppendLine($"Churn: one pair after {options.Cycles:N0} hold→release cycles vs a fresh pair (API + co-hosted silo, PostgreSQL storage)");
        text.AppendLine($"{machine.At:yyyy-MM-dd HH:mm} UTC; {machine.Cores} cores {machine.CpuModel}; {machine.Os}; .NET SDK {machine.DotnetVersion}; " +
                        $"load average before {machine.LoadAverage}, after {MachineFacts.LoadAverageNow()}");
        text.AppendLine();
        var (c, f) = (Holds(churnedHolds), Holds(freshHolds));
        var ratio = c.P99 / f.P99;
        var table = new ResultTable("Issue #13: a pair's row stays small");
        table.Section($"Churn ({options.Clients} clients)");
        table.Add("cycles done", $"{Units.Count(churn.CyclesDone)} in {churnTime.TotalSeconds:N0} s ({Units.PerSecond(churn.CyclesDone / churnTime.TotalSeconds)})");
        table.Add("errors", Units.Count(churn.Errors) + ErrorNote(churn));
        table.Section("Stored for the pair: its state's bytes / the whole row as PostgreSQL stores it (columns, state compressed)");
        table.Add("churned pair: state / row", $"{Units.Count(churned.StateBytes)} / {Units.Count(churned.RowBytes)}");
        table.Add("churned pair: hold pages (bytes)", $"{Units.Count(churned.Pages)} ({Units.Count(churned.PageBytes)})");
        table.Add("churned pair: ended reservations kept, movements", $"{Units.Count(churned.Closed)}, {Units.Count(churned.Movements)}");
        table.Add("fresh pair: state / row (before measuring)", $"{Units.Count(freshBefore.StateBytes)} / {Units.Count(freshBefore.RowBytes)}");
        table.Add("fresh pair: state / row (after measuring)", $"{Units.Count(fresh.StateBytes)} / {Units.Count(fresh.RowBytes)}");
        table.Section("Stock writes of the whole run (state + sealed pages + orders' holds)");
        table.Add("writes, mean size", $"{Units.Count(sizes.Writes)}, {sizes.MeanBytes:N0} bytes");
        table.AddTarget("largest write (histogram bucket)", $"≤ {sizes.LargestAtMostBytes:N0} bytes", "≤ 65,536 bytes", sizes.LargestAtMostBytes <= LargestWriteTarget);
        table.Section($"Hold latency, POST /v1/reservations ({options.MeasureClients} clients, {options.Rounds} rounds of {(double)options.MeasureSeconds / options.Rounds:0.#} s per pair)");
        table.Add("churned pair p50 / p99", $"{Units.Ms(c.P50)} / {Units.Ms(c.P99)} ({Units.Count(c.Count)} holds, {Units.Count(churnedHolds.Sum(l => l.Errors))} errors)");
        table.Add("fresh pair p50 / p99", $"{Units.Ms(f.P50)} / {Units.Ms(f.P99)} ({Units.Count(f.Count)} holds, {Units.Count(freshHolds.Sum(l => l.Errors))} errors)");
        table.AddTarget("p99 churned / fresh", $"{ratio.ToString("0.00", CultureInfo.InvariantCulture)}×", "≤ 1.20×", double.IsNaN(ratio) ? null : ratio <= LatencyRatioTarget);
        text.Append(table.Render());
        return text.ToString();
    }

    private static string ErrorNote(HoldReleaseLoad load) => load.ErrorSample.Count > 0 ? "; first error: " + load.ErrorSample[0] : "";

    private void Progress(string message) => Console.Error.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {message}");

    private sealed record StoredRow(long StateBytes, long RowBytes, long Pages, long PageBytes, long Closed, long Movements);

    private static LatencySummary Holds(List<HoldReleaseLoad> rounds) => LatencyRecorder.Merge(rounds.SelectMany(l => l.Holds));
}
