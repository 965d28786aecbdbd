using System.Diagnostics;
using System.Globalization;
using System.Text;
using Inventory.Bench.Cli;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Measurement;
using Inventory.Bench.Reporting;

namespace Inventory.Bench.Compare;

/// <summary>
/// Issue #6: the service on PostgreSQL storage next to the PostgreSQL and Redis designs a store would use instead,
/// in one run on one machine. Workloads H (hot SKU), U (uniform over many pairs), S (sell-out), F (feed burst while
/// U runs), the single-client floor and memory per active stock grain; one table with ratios and the targets.
/// </summary>
public sealed class CompareBenchmark : IBenchmark
{
    private const long PlentyOfStock = 1_000_000_000;
    private readonly Stopwatch _clock = new();

    public string Name => "compare";

    public string Summary => "reservations on PostgreSQL storage vs the PostgreSQL and Redis peers (H, U, S, F, floor, memory)";

    public string OptionsHelp => CompareOptions.Help;

    public async Task<int> RunAsync(BenchArgs args, CancellationToken cancellation)
    {
        var options = CompareOptions.Parse(args);
        var root = RepositoryRoot.Find(options.Root);
        var peers = options.Peers
            ? PeerRunner.FindDirectory(root, options.PeersDirectory) ?? throw new UsageException("shared/peers/pg_peer.sh not found above the checkout: give --peers PATH or --no-peers")
            : null;
        _clock.Start();
        return await PostgresServiceRun.RunAsync(Name, root, options.StorageOptions, options.Output, Progress, run =>
        {
            var peerRunner = peers is null ? null : new PeerRunner(peers, run.Servers.PostgresPort, LoopbackPorts.Next(), options.PgMode, options.RedisAof, Path.Combine(run.WorkDirectory, "peers.log"));
            return MeasureAsync(options, run.Machine, run.Servers, run.Service, peerRunner, cancellation);
        }, cancellation);
    }

    private async Task<string> MeasureAsync(
        CompareOptions options, MachineFacts machine, TestServers servers, CoHostedService service, PeerRunner? peers, CancellationToken cancellation)
    {
        var key = service.ApiKey;
        using var api = new InventoryApi(HttpClients.Create(service.Process.BaseAddress, 64, key), "service");
        var asOf = DateTimeOffset.UtcNow;
        var hot = new StockPair("BENCH-HOT", "HOT-1");
        var uniform = StockPair.Many(options.UniformPairs);
        Progress($"seeding: the hot pair and {uniform.Count:N0} uniform pairs with {PlentyOfStock:N0} units each (count files of 1,000)...");
        await api.SetCountAsync(hot, PlentyOfStock, asOf, cancellation);
        var seedWork = await PairWork.RunAsync("seed", uniform.Chunk(1_000).ToList(), batch => batch.Length, 2,
            (batch, t) => api.SetCountsAsync(batch, PlentyOfStock, asOf, t), Progress, cancellation);
        await SettleAsync(service.Process, "seeding", cancellation);
        if (options.ServiceWarmupSeconds > 0)
        {
            await WarmUpAsync(api, service, options, asOf, cancellation);
            await SettleAsync(service.Process, "the warm-up", cancellation);
        }

        var cells = new List<Cell>();
        long hotAcknowledged = 0;
        foreach (var (workload, pairs) in new[] { ("H", (IReadOnlyList<StockPair>)[hot]), ("U", uniform) })
        {
            foreach (var clients in options.Clients)
            {
                var result = await ServiceCellAsync(servers, service, pairs, clients, options, cancellation);
                if (workload == "H")
                {
                    hotAcknowledged += result.AllOk;
                }

                Progress($"service {workload} x{clients}: {result.OpsPerSecond:N0} ops/s, p50 {result.Latency.P50:0.00} ms, p99 {result.Latency.P99:0.00} ms, " +
                         $"{result.Errors} errors, {PerOp(result.PgTransactions, result):0.00} PG xact/op{ErrorNote(result)}");
                var pg = await PeerAsync(peers, "pg", workload, clients, options.DurationSeconds, cancellation);
                var redis = await PeerAsync(peers, "redis", workload, clients, options.DurationSeconds, cancellation);
                cells.Add(new Cell(workload, clients, result, pg, redis));
            }
        }

        var hotAfter = await api.StockAsync(hot, cancellation) ?? throw new InvalidOperationException("the hot pair is gone");
        Progress($"hot pair after H: {hotAfter}; acknowledged holds {hotAcknowledged:N0}");

        // S: a fresh pair per run, exactly SellOutStock units.
        var sellOut = new StockPair("BENCH-SELL", "SELL-" + Guid.NewGuid().ToString("N")[..8]);
        await api.SetCountAsync(sellOut, options.SellOutStock, DateTimeOffset.UtcNow, cancellation);
        Progress($"sell-out: {options.SellOutAttempts:N0} attempts from {options.SellOutClients} clients on {options.SellOutStock:N0} units...");
        var sold = await new ReservationLoad(service.Process.BaseAddress, key, [sellOut], options.SellOutClients).RunAttemptsAsync(options.SellOutAttempts, cancellation);
        var sellOutLive = await api.StockAsync(sellOut, cancellation);
        Progress($"sell-out: {sold.Ok:N0} sold, {sold.Rejected:N0} rejected, {sold.Errors} errors; stock {sellOutLive}{ErrorNote(sold)}");
        var pgSellOut = await PeerAsync(peers, "pg", "S", options.SellOutClients, options.DurationSeconds, cancellation);
        var redisSellOut = await PeerAsync(peers, "redis", "S", options.SellOutClients, options.DurationSeconds, cancellation);

        // F: the feed burst while U runs at the highest concurrency.
        var feedClients = options.Clients.Max();
        var idleU = cells.First(c => c.Workload == "U" && c.Clients == feedClients).Service;
        var feed = Enumerable.Range(0, options.FeedPairs).Select(i => new StockPair($"FEED-L{i % 4}", $"FEED-{i:D6}")).ToList();
        Progress($"feed burst: {feed.Count:N0} warehouse counts as {FeedRequests(options)}, while U runs with {feedClients} clients...");
        PairWorkResult? feedWork = null;
        var feedAsOf = DateTimeOffset.UtcNow;
        var feedLimit = TimeSpan.FromSeconds(options.FeedLimitSeconds);
        using var feeder = new InventoryApi(HttpClients.Create(service.Process.BaseAddress, options.FeedConcurrency, key), "feed");
        var duringFeed = await new ReservationLoad(service.Process.BaseAddress, key, uniform, feedClients).RunAsync(
            TimeSpan.FromSeconds(options.WarmupSeconds),
            async token => feedWork = options.FeedBatch == 1
                ? await PairWork.RunAsync("feed", feed, options.FeedConcurrency, (p, t) => feeder.SetCountAsync(p, 100, feedAsOf, t), Progress, token, feedLimit)
                : await PairWork.RunAsync("feed", feed.Chunk(options.FeedBatch).ToList(), batch => batch.Length, options.FeedConcurrency,
                    (batch, t) => feeder.SetCountsAsync(batch, 100, feedAsOf, t), Progress, token, feedLimit),
            null,
            cancellation);
        Progress($"feed burst: {feedWork!.Done:N0} counts in {feedWork.Elapsed.TotalSeconds:0.0} s; checkout meanwhile {duringFeed.OpsPerSecond:N0} ops/s, p99 {duringFeed.Latency.P99:0.00} ms (idle {idleU.Latency.P99:0.00} ms){ErrorNote(duringFeed)}");

        // Memory per active stock grain: activate pairs by reads (never written: each activation reads storage, finds nothing).
        var memoryPairs = Enumerable.Range(0, options.MemoryPairs).Select(i => new StockPair($"MEM-L{i % 4}", $"MEM-{i:D7}")).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var rssBefore = service.Process.ResidentBytes();
        Progress($"memory: activating {memoryPairs.Count:N0} pairs by GET /v1/stock (RSS before {rssBefore / 1048576.0:N0} MiB)...");
        var activation = await PairWork.RunAsync("activate", memoryPairs, 64, async (p, t) => await api.StockAsync(p, t), Progress, cancellation);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var rssAfter = service.Process.ResidentBytes();
        Progress($"memory: RSS after {rssAfter / 1048576.0:N0} MiB");

        // What was stored: restart the service on the same database and read the pairs again.
        Progress("restarting the service to read the stored state...");
        await service.RestartAsync(cancellation);
        using var afterRestart = new InventoryApi(HttpClients.Create(service.Process.BaseAddress, 8, key), "restarted");
        var sellOutStored = await afterRestart.StockAsync(sellOut, cancellation);
        var hotStored = await afterRestart.StockAsync(hot, cancellation);
        Progress($"stored: sell-out {sellOutStored}; hot {hotStored}");

        return Report(options, machine, peers, cells, seedWork, hotAcknowledged, hotAfter, hotStored,
            sold, sellOutLive, sellOutStored, pgSellOut, redisSellOut, feedWork, duringFeed, idleU,
            memoryPairs.Count, activation, rssBefore, rssAfter);
    }

    /// <summary>
    /// Makes the service as warm as a long-running one before anything is measured. Cold, the first cell pays for
    /// the JIT: in a 10 s cell of H at 64 clients right after seeding, the service compiled 2,483 methods in 5 s
    /// (3.9 s of JIT CPU on two cores), and a 15 s warm-up took H from ~1,300 to ~1,970 ops/s. The warm-up runs the
    /// same reservations on pairs of its own (one hot, 1,000 spread), so no measured pair carries its holds.
    /// </summary>
    private async Task WarmUpAsync(InventoryApi api, CoHostedService service, CompareOptions options, DateTimeOffset asOf, CancellationToken cancellation)
    {
        var hot = new StockPair("BENCH-WARM", "WARM-HOT");
        var spread = Enumerable.Range(0, 1_000).Select(i => new StockPair($"BENCH-WARM-L{i % 4}", $"WARM-{i:D4}")).ToList();
        await api.SetCountAsync(hot, PlentyOfStock, asOf, cancellation);
        await api.SetCountsAsync(spread, PlentyOfStock, asOf, cancellation);
        var clients = options.Clients.Max();
        var half = TimeSpan.FromSeconds(options.ServiceWarmupSeconds / 2.0);
        Progress($"warm-up: {options.ServiceWarmupSeconds} s of reservations from {clients} clients on pairs of its own (not measured)...");
        foreach (var pairs in new[] { [hot], spread })
        {
            var load = new ReservationLoad(service.Process.BaseAddress, service.ApiKey, pairs, clients);
            var result = await load.RunAsync(TimeSpan.Zero, token => Task.Delay(half, token), null, cancellation);
            Progress($"  warm-up on {pairs.Count:N0} pair(s): {result.OpsPerSecond:N0} ops/s{ErrorNote(result)}");
        }
    }

    /// <summary>
    /// Waits until the service has digested what came before: every change fans out to two consumer grains per pair
    /// through the stock stream, so after thousands of new pairs the silo is busy for a while with nobody asking.
    /// A cell measured then would charge that work to its own requests.
    /// Settled = the service used under a quarter of a core for two seconds in a row; gives up after a minute (once
    /// pairs hold stock, their expiry reminders keep an idle service above that).
    /// </summary>
    private async Task SettleAsync(LaunchedProcess process, string after, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var quiet = 0;
        var share = double.NaN;
        while (quiet < 2 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(1))
        {
            var before = process.CpuTime();
            var from = Stopwatch.GetTimestamp();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            share = (process.CpuTime() - before) / Stopwatch.GetElapsedTime(from);
            quiet = share < 0.25 ? quiet + 1 : 0;
        }

        Progress($"settled after {after} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s (service at {share:P0} of a core{(quiet < 2 ? "; gave up waiting" : "")})");
    }

    private static async Task<LoadResult> ServiceCellAsync(
        TestServers servers, CoHostedService service, IReadOnlyList<StockPair> pairs, int clients, CompareOptions options, CancellationToken cancellation)
    {
        // Transactions are counted over the whole cell (warm-up included) and divided by every attempt answered in it;
        // PostgreSQL's statistics lag up to a second, hence the pauses around the cell.
        await Task.Delay(TimeSpan.FromSeconds(1.1), cancellation);
        var xactBefore = await CommittedTransactionsAsync(servers, cancellation);
        var process = service.Process;
        var load = new ReservationLoad(process.BaseAddress, service.ApiKey, pairs, clients);
        var result = await load.RunAsync(
            TimeSpan.FromSeconds(options.WarmupSeconds),
            token => Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds), token),
            () => CpuSnapshot.Take([("service", process.CpuTime)]),
            cancellation);
        await Task.Delay(TimeSpan.FromSeconds(1.1), cancellation);
        var xactAfter = await CommittedTransactionsAsync(servers, cancellation);
        return result with { PgTransactions = xactAfter - xactBefore };
    }

    private static async Task<long> CommittedTransactionsAsync(TestServers servers, CancellationToken cancellation) =>
        long.Parse(await servers.QueryAsync("SELECT xact_commit FROM pg_stat_database WHERE datname = 'inventory'", cancellation), CultureInfo.InvariantCulture);

    private async Task<PeerResult?> PeerAsync(PeerRunner? peers, string peer, string workload, int clients, int durationSeconds, CancellationToken cancellation)
    {
        if (peers is null)
        {
            return null;
        }

        var result = await peers.RunAsync(peer, workload, clients, durationSeconds, cancellation);
        Progress($"{peer} peer {workload} x{clients}: {result.OpsPerSecond:N0} ops/s, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms{(result.SellOut is { } s ? ", sell-out " + s : "")}");
        return result;
    }

    private static double PerOp(long? transactions, LoadResult result) =>
        transactions is { } t && result.AllAnswered > 0 ? (double)t / result.AllAnswered : double.NaN;

    private static string FeedRequests(CompareOptions options) => options.FeedBatch == 1
        ? $"{options.FeedConcurrency} concurrent PUTs"
        : $"POST /v1/stock/counts with {options.FeedBatch:N0} counts each, {options.FeedConcurrency} in flight";

    private static string ErrorNote(LoadResult result) => result.ErrorSample.Count > 0 ? "; first error: " + result.ErrorSample[0] : "";

    private sealed record Cell(string Workload, int Clients, LoadResult Service, PeerResult? Pg, PeerResult? Redis);

    private static string Report(
        CompareOptions options, MachineFacts machine, PeerRunner? peers, List<Cell> cells, PairWorkResult seed,
        long hotAcknowledged, StockQuantities hotAfter, StockQuantities? hotStored,
        LoadResult sold, StockQuantities? sellOutLive, StockQuantities? sellOutStored, PeerResult? pgSellOut, PeerResult? redisSellOut,
        PairWorkResult feed, LoadResult duringFeed, LoadResult idleU,
        int memoryPairs, PairWorkResult activation, long rssBefore, long rssAfter)
    {
        var text = new StringBuilder();
        var pgName = peers?.Describe("pg") ?? "PostgreSQL peer (skipped)";
        var redisName = peers?.Describe("redis") ?? "Redis peer (skipped)";
        text.AppendLine($"Reservations: the service (API + co-hosted silo, PostgreSQL storage, durable acks) vs {pgName} and {redisName}");
        text.AppendLine($"service connection string: tests/servers.sh's{(options.StorageOptions is { Length: > 0 } extra ? " + " + extra : " (Npgsql defaults)")}");
        text.AppendLine($"{machine.At:yyyy-MM-dd HH:mm} UTC; {machine.Cores} cores {machine.CpuModel}; {machine.Os}; .NET SDK {machine.DotnetVersion}; " +
                        $"load average before {machine.LoadAverage}, after {MachineFacts.LoadAverageNow()}");
        text.AppendLine($"{options.DurationSeconds} s per cell (service: +{options.WarmupSeconds} s warm-up, after {options.ServiceWarmupSeconds} s of warming the service up on pairs of its own); ops/s = answered attempts (201 + 409) per second; " +
                        "latency in ms over answered attempts; errors = any other answer or exception");
        text.AppendLine();
        var grid = new GridTable("workload", "clients", "service ops/s", "p50", "p99", "errors", "PG xact/op", "CPU µs/op svc / rest",
            "PG peer ops/s", "p50", "p99", "Redis ops/s", "p50", "p99", "× PG", "× Redis");
        foreach (var cell in cells)
        {
            var s = cell.Service;
            var cpu = s.Cpu is { } w && s.Ok + s.Rejected > 0
                ? $"{w.Processes[0].Cpu.TotalMicroseconds / (s.Ok + s.Rejected):N0} / {(w.Rest + w.Tool).TotalMicroseconds / (s.Ok + s.Rejected):N0}"
                : "n/a";
            grid.Add(cell.Workload, Num(cell.Clients), Num(s.OpsPerSecond), F(s.Latency.P50), F(s.Latency.P99), Num(s.Errors),
                F(PerOp(s.PgTransactions, s)), cpu,
                Num(cell.Pg?.OpsPerSecond), F(cell.Pg?.P50), F(cell.Pg?.P99),
                Num(cell.Redis?.OpsPerSecond), F(cell.Redis?.P50), F(cell.Redis?.P99),
                Ratio(s.OpsPerSecond, cell.Pg?.OpsPerSecond), Ratio(s.OpsPerSecond, cell.Redis?.OpsPerSecond));
        }

        grid.Add("S", Num(options.SellOutClients), Num(sold.OpsPerSecond), F(sold.Latency.P50), F(sold.Latency.P99), Num(sold.Errors), "", "",
            Num(pgSellOut?.OpsPerSecond), F(pgSellOut?.P50), F(pgSellOut?.P99), Num(redisSellOut?.OpsPerSecond), F(redisSellOut?.P50), F(redisSellOut?.P99),
            Ratio(sold.OpsPerSecond, pgSellOut?.OpsPerSecond), Ratio(sold.OpsPerSecond, redisSellOut?.OpsPerSecond));
        grid.Add("F (U during burst)", Num(options.Clients.Max()), Num(duringFeed.OpsPerSecond), F(duringFeed.Latency.P50), F(duringFeed.Latency.P99),
            Num(duringFeed.Errors), "", "", "", "", "", "", "", "", "", "");
        text.Append(grid.Render());
        text.AppendLine("CPU µs/op: the service process / everything else on the machine (PostgreSQL, this tool, other users) per answered attempt.");
        text.AppendLine();

        var table = new ResultTable("Targets (issue #6)");
        var top = options.Clients.Max();
        var h = cells.FirstOrDefault(c => c.Workload == "H" && c.Clients == top);
        var u = cells.FirstOrDefault(c => c.Workload == "U" && c.Clients == top);
        table.Section($"H hot SKU, {top} clients");
        if (h is not null)
        {
            var ratio = h.Pg is null ? double.NaN : h.Service.OpsPerSecond / h.Pg.OpsPerSecond;
            table.AddTarget("ops/s vs PostgreSQL peer", $"{Num(h.Service.OpsPerSecond)} /s = {Ratio(h.Service.OpsPerSecond, h.Pg?.OpsPerSecond)}", ">= 10x", h.Pg is null ? null : ratio >= 10);
            table.AddTarget("p99", Units.Ms(h.Service.Latency.P99), "<= 20 ms", h.Service.Latency.P99 <= 20);
            var oversold = !hotAfter.Consistent || hotAfter.Reserved + hotAfter.Committed > hotAfter.OnHand;
            table.AddTarget("no oversell: hot pair consistent; reserved vs acknowledged holds", $"{hotAfter.Reserved:N0} vs {hotAcknowledged:N0}", "consistent", !oversold);
            table.Add("hot pair as stored (after restart)", hotStored?.ToString() ?? "missing");
        }

        table.Section($"U uniform over {seed.Total:N0} pairs, {top} clients");
        if (u is not null)
        {
            table.AddTarget("ops/s vs PostgreSQL peer", $"{Num(u.Service.OpsPerSecond)} /s = {Ratio(u.Service.OpsPerSecond, u.Pg?.OpsPerSecond)}", ">= 2x",
                u.Pg is null ? null : u.Service.OpsPerSecond / u.Pg.OpsPerSecond >= 2);
        }

        table.Add("seeding (count files of 1,000, 2 in flight)", $"{seed.Done:N0} in {seed.Elapsed.TotalSeconds:0.0} s = {seed.PerSecond:N0} /s");

        table.Section($"S sell-out: {options.SellOutStock:N0} units, {options.SellOutClients} clients, {options.SellOutAttempts:N0} attempts");
        var exact = sold.Ok == options.SellOutStock && sold.Rejected == options.SellOutAttempts - options.SellOutStock && sold.Errors == 0;
        table.AddTarget("201 / 409 / errors", $"{sold.Ok:N0} / {sold.Rejected:N0} / {sold.Errors:N0}", $"{options.SellOutStock:N0} / {options.SellOutAttempts - options.SellOutStock:N0} / 0", exact);
        table.AddTarget("live: reserved + committed, available", Stock(sellOutLive), $"{options.SellOutStock:N0}, 0", SoldOut(sellOutLive, options.SellOutStock));
        table.AddTarget("stored (after a restart): reserved + committed, available", Stock(sellOutStored), $"{options.SellOutStock:N0}, 0", SoldOut(sellOutStored, options.SellOutStock));
        table.Add("peers' sell-out", $"PG {pgSellOut?.SellOut ?? "n/a"}, Redis {redisSellOut?.SellOut ?? "n/a"}");

        table.Section($"F feed burst: {feed.Total:N0} warehouse counts ({FeedRequests(options)}) while U runs with {top} clients");
        table.AddTarget(
            feed.Complete ? "burst duration" : $"burst: stopped at the {options.FeedLimitSeconds} s limit; all of them at that rate",
            $"{feed.Done:N0} in {feed.Elapsed.TotalSeconds:0.0} s = {feed.PerSecond:N0} counts/s{(feed.Complete ? "" : $" -> {feed.Projected.TotalSeconds:0} s")}",
            "<= 10 s", feed.Complete && feed.Elapsed.TotalSeconds <= 10);
        table.AddTarget("checkout p99 during burst vs idle", $"{Units.Ms(duringFeed.Latency.P99)} vs {Units.Ms(idleU.Latency.P99)} = {duringFeed.Latency.P99 / idleU.Latency.P99:0.0}x",
            "<= 2x", duringFeed.Latency.P99 <= 2 * idleU.Latency.P99);
        table.Add("checkout ops/s during burst vs idle", $"{Num(duringFeed.OpsPerSecond)} vs {Num(idleU.OpsPerSecond)}");

        table.Section("Floor and memory");
        foreach (var one in cells.Where(c => c.Clients == 1))
        {
            table.Add($"one client, {one.Workload}: reservation p50 / p99 end to end", $"{Units.Ms(one.Service.Latency.P50)} / {Units.Ms(one.Service.Latency.P99)}");
        }

        var perGrain = (rssAfter - rssBefore) / (double)memoryPairs;
        table.Add($"RSS before / after activating {memoryPairs:N0} pairs", $"{rssBefore / 1048576.0:N0} / {rssAfter / 1048576.0:N0} MiB ({activation.Elapsed.TotalSeconds:0.0} s)");
        table.Add("RSS growth per activated stock grain", $"{perGrain:N0} bytes");
        text.Append(table.Render());
        return text.ToString();
    }

    private static bool SoldOut(StockQuantities? stock, long units) =>
        stock is not null && stock.Consistent && stock.Reserved + stock.Committed == units && stock.Available == 0;

    private static string Stock(StockQuantities? stock) => stock is null ? "missing" : $"{stock.Reserved + stock.Committed:N0}, {stock.Available:N0} (onHand {stock.OnHand:N0})";

    private static string Num(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString("#,0", CultureInfo.InvariantCulture) : "n/a";

    private static string F(double? ms) => ms is { } v && !double.IsNaN(v) ? v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) : "n/a";

    private static string Ratio(double service, double? peer) =>
        peer is { } p && p > 0 && !double.IsNaN(service) ? (service / p).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "n/a";

    private void Progress(string message) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
