using System.Diagnostics;
using System.Globalization;
using Inventory.Bench.Cli;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Compare;

/// <summary>
/// Issues #6 and #14: the service on PostgreSQL storage next to what a store would deploy instead, an HTTP service of
/// its own in front of PostgreSQL or Redis (and in front of nothing: the HTTP ceiling), all driven by the same C#
/// clients over the same HTTP, in one run on one machine; pgbench and redis-benchmark on the bare stores stay as
/// reference rows. Workloads H (hot SKU), U (uniform over many pairs), S (sell-out), F (feed burst while U runs), the
/// single-client floor and memory per active stock grain; optionally H and U again from wrk. One table with ratios
/// and the targets.
/// </summary>
public sealed class CompareBenchmark : IBenchmark
{
    private const long PlentyOfStock = 1_000_000_000;
    private const string ServiceDatabase = "inventory";
    private const string PeerDatabase = "httppeer";

    // The service's pool (up to Npgsql's 100), the HTTP peer's (one per client) and pgbench's clients at once.
    private const int PostgresMaxConnections = 400;
    private readonly Stopwatch _clock = new();
    private string _workDirectory = "";

    public string Name => "compare";

    public string Summary => "reservations: the service vs HTTP peers on PostgreSQL, Redis and nothing (H, U, S, F, floor, memory)";

    public string OptionsHelp => CompareOptions.Help;

    public async Task<int> RunAsync(BenchArgs args, CancellationToken cancellation)
    {
        var options = CompareOptions.Parse(args);
        var root = RepositoryRoot.Find(options.Root);
        _ = RepositoryRoot.ReleaseDll(root, "Inventory.Api"); // an unbuilt --root fails now, not after the set-up

        // F and M measure the service alone: peers run only for H, U and S.
        var peers = options.Peers && (options.Runs("H") || options.Runs("U") || options.Runs("S"))
            ? PeerRunner.FindDirectory(root, options.PeersDirectory) ?? throw new UsageException("shared/peers/pg_peer.sh not found above the checkout: give --peers PATH or --no-peers")
            : null;
        var httpStores = peers is null ? [] : options.HttpStores;
        var httpPeerSource = peers is null ? "" : Path.Combine(peers, HttpPeer.FolderName);
        if (httpStores.Count > 0 && !Directory.Exists(httpPeerSource))
        {
            throw new UsageException($"{httpPeerSource} not found: give --peers PATH, --http-stores, or --no-peers");
        }

        _clock.Start();
        var machine = await MachineFacts.ReadAsync(root, cancellation);
        _workDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "inventory-bench", $"compare-{DateTime.UtcNow:yyyyMMdd-HHmmss}")).FullName;
        Progress($"repository {root}; logs under {_workDirectory}");

        // Built before anything runs, so the build's CPU lands on nothing that is measured.
        string? httpPeerDll = null;
        if (httpStores.Count > 0)
        {
            Progress($"building the HTTP peer ({httpPeerSource}) in Release...");
            httpPeerDll = await HttpPeer.BuildAsync(httpPeerSource, _workDirectory, cancellation);
        }

        Progress("starting a private PostgreSQL (and Redis) with tests/servers.sh...");
        await using var servers = await TestServers.StartAsync(root, Path.Combine(_workDirectory, "servers.log"), PostgresMaxConnections, cancellation);
        var maxConnections = await servers.QueryAsync("SHOW max_connections", cancellation);
        Progress($"PostgreSQL on 127.0.0.1:{servers.PostgresPort}, max_connections {maxConnections}");
        Progress("starting the service: API with a co-hosted silo, PostgreSQL storage, Release build...");
        var connectionString = options.StorageOptions is { Length: > 0 } extra ? $"{servers.PostgresConnectionString};{extra}" : servers.PostgresConnectionString;
        await using var service = await CoHostedService.StartAsync(root, connectionString, _workDirectory, cancellation);
        Progress($"service up at {service.Process.BaseAddress}");

        // Disposed in reverse: the peers stop before their Redis, and both before the service and the servers.
        await using var redis = httpStores.Contains("redis") ? await PrivateRedis.StartAsync(options.RedisAof, _workDirectory, cancellation) : null;
        await using var peerProcesses = new ProcessLauncher(Path.Combine(_workDirectory, "logs"));
        var directPeers = peers is not null && options.DirectPeers
            ? new PeerRunner(peers, servers.PostgresPort, LoopbackPorts.Next(), options.PgMode, options.RedisAof, Path.Combine(_workDirectory, "peers.log"))
            : null;
        try
        {
            var postmaster = servers.PostgresPid();
            Func<TimeSpan> postgresCpu = () => ProcessCpu.Tree(postmaster);
            List<ReservationTarget> targets = [new(ReservationTarget.ServiceKey, "service", () => service.Process, service.ApiKey, postgresCpu, ServiceDatabase)];
            foreach (var store in httpStores)
            {
                targets.Add(await StartHttpPeerAsync(store, httpPeerDll!, peerProcesses, service.ApiKey, servers, redis, postgresCpu, cancellation));
            }

            var results = await MeasureAsync(options, servers, service, targets, directPeers, cancellation);
            results.PostgresMaxConnections = maxConnections;
            var report = CompareReport.Render(options, machine, targets, directPeers, results);
            var output = options.Output ?? Path.Combine(_workDirectory, "compare.txt");
            await File.WriteAllTextAsync(output, report, CancellationToken.None);
            Console.WriteLine();
            Console.Write(report);
            Console.WriteLine($"(also written to {output})");
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"compare failed: {ex.Message}\nlogs: {_workDirectory}");
            if (service.Process.HasExited)
            {
                await Console.Error.WriteLineAsync($"the service has exited; its log ends with:\n{service.Process.Tail()}");
            }

            return 1;
        }
        finally
        {
            Progress("stopping the peers, the service and the servers...");
        }
    }

    private async Task<ReservationTarget> StartHttpPeerAsync(
        string store, string dll, ProcessLauncher launcher, BenchApiKey apiKey, TestServers servers, PrivateRedis? redis, Func<TimeSpan> postgresCpu,
        CancellationToken cancellation)
    {
        string? postgres = null;
        if (store == "postgres")
        {
            await servers.QueryAsync($"CREATE DATABASE {PeerDatabase}", cancellation);
            postgres = servers.PostgresConnectionStringFor(PeerDatabase);
        }

        var peer = await HttpPeer.StartAsync(launcher, dll, store, apiKey, postgres, redis?.Configuration, cancellation);
        Progress($"HTTP peer on {store} up at {peer.Process.BaseAddress}");
        return store switch
        {
            "postgres" => new ReservationTarget(store, "HTTP + PostgreSQL", () => peer.Process, apiKey, postgresCpu, PeerDatabase),
            "redis" => new ReservationTarget(store, "HTTP + Redis", () => peer.Process, apiKey, redis!.CpuTime, null),
            _ => new ReservationTarget(store, "HTTP ceiling", () => peer.Process, apiKey, null, null),
        };
    }

    private async Task<CompareResults> MeasureAsync(
        CompareOptions options, TestServers servers, CoHostedService service, List<ReservationTarget> targets, PeerRunner? directPeers,
        CancellationToken cancellation)
    {
        var results = new CompareResults();
        var serviceTarget = targets[0];
        var asOf = DateTimeOffset.UtcNow;
        var hot = new StockPair("BENCH-HOT", "HOT-1");
        var uniform = StockPair.Many(options.UniformPairs);
        List<(string Workload, IReadOnlyList<StockPair> Pairs)> loads = [];
        if (options.Runs("H"))
        {
            loads.Add(("H", [hot]));
        }

        if (options.Runs("U"))
        {
            loads.Add(("U", uniform));
        }

        // Every target gets the same pairs through its own routes, then reservations of its own to warm up on.
        foreach (var target in targets)
        {
            using var api = Api(target, 8);
            if (options.Runs("H"))
            {
                await api.SetCountAsync(hot, PlentyOfStock, asOf, cancellation);
            }

            if (options.Runs("U"))
            {
                Progress($"seeding {target.Name}: {uniform.Count:N0} uniform pairs with {PlentyOfStock:N0} units each (count files of 1,000)...");
                var seed = await PairWork.RunAsync("seed", uniform.Chunk(1_000).ToList(), batch => batch.Length, 2,
                    (batch, t) => api.SetCountsAsync(batch, PlentyOfStock, asOf, t), Progress, cancellation);
                results.Seed ??= seed;
            }

            if (target == serviceTarget)
            {
                await SettleAsync(service.Process, "seeding", cancellation);
            }

            var warmup = target == serviceTarget ? options.ServiceWarmupSeconds : options.PeerWarmupSeconds;
            if (warmup > 0)
            {
                await WarmUpAsync(target, warmup, options.Clients.Max(), asOf, cancellation);
            }

            if (target == serviceTarget && warmup > 0)
            {
                await SettleAsync(service.Process, "the warm-up", cancellation);
            }
        }

        foreach (var (workload, pairs) in loads)
        {
            var acknowledged = targets.ToDictionary(t => t.Key, _ => 0L);
            foreach (var clients in options.Clients)
            {
                var byTarget = new Dictionary<string, LoadResult>(StringComparer.Ordinal);
                foreach (var target in targets)
                {
                    var result = await CellAsync(target, pairs, clients, null, options, servers, cancellation);
                    byTarget[target.Key] = result;
                    acknowledged[target.Key] += result.AllOk;
                    Progress($"{target.Name} {workload} x{clients}: {Describe(result)}");
                }

                var pg = await DirectPeerAsync(directPeers, "pg", workload, clients, options.DurationSeconds, cancellation);
                var redis = await DirectPeerAsync(directPeers, "redis", workload, clients, options.DurationSeconds, cancellation);
                results.Cells.Add(new CompareResults.Cell(workload, clients, CompareResults.CSharpDriverName, byTarget, pg, redis));
            }

            if (workload == "H")
            {
                foreach (var target in targets.Where(t => t.KeepsStock))
                {
                    using var api = Api(target, 1);
                    var after = await api.StockAsync(hot, cancellation);
                    results.Hot[target.Key] = new CompareResults.HotPair(acknowledged[target.Key], after);
                    Progress($"{target.Name}: hot pair after H: {after?.ToString() ?? "missing"}; acknowledged holds {acknowledged[target.Key]:N0}");
                }
            }
        }

        await WrkCellsAsync(options, servers, targets, loads, results, cancellation);

        if (options.Runs("S"))
        {
            await SellOutAsync(options, targets, directPeers, results, cancellation);
        }

        if (options.Runs("F"))
        {
            results.FeedBurst = await FeedBurstAsync(options, serviceTarget, uniform, results, cancellation);
        }

        if (options.Runs("M"))
        {
            results.MemoryUse = await MemoryAsync(options, service, cancellation);
        }

        if (options.Runs("H") || options.Runs("S"))
        {
            // What was stored: restart the service on the same database and read the pairs again.
            Progress("restarting the service to read the stored state...");
            await service.RestartAsync(cancellation);
            using var afterRestart = Api(serviceTarget, 8);
            results.HotStored = options.Runs("H") ? await afterRestart.StockAsync(hot, cancellation) : null;
            results.SellOutStored = results.SellOuts.TryGetValue(ReservationTarget.ServiceKey, out var sold) ? await afterRestart.StockAsync(sold.Pair, cancellation) : null;
            Progress($"stored: sell-out {results.SellOutStored?.ToString() ?? "n/a"}; hot {results.HotStored?.ToString() ?? "n/a"}");
        }

        return results;
    }

    /// <summary>H and U once more at the highest client count, driven by wrk instead of the C# clients.</summary>
    private async Task WrkCellsAsync(
        CompareOptions options, TestServers servers, IReadOnlyList<ReservationTarget> targets, List<(string Workload, IReadOnlyList<StockPair> Pairs)> loads,
        CompareResults results, CancellationToken cancellation)
    {
        if (!options.Wrk || loads.Count == 0)
        {
            return;
        }

        var wrk = WrkDriver.Find();
        if (wrk is null)
        {
            results.WrkNote = "wrk is not installed (apt-get install -y wrk): no wrk rows";
            Progress(results.WrkNote);
            return;
        }

        var clients = options.Clients.Max();
        foreach (var (workload, pairs) in loads)
        {
            var byTarget = new Dictionary<string, LoadResult>(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                var result = await CellAsync(target, pairs, clients, wrk, options, servers, cancellation);
                byTarget[target.Key] = result;
                Progress($"{target.Name} {workload} x{clients} (wrk): {Describe(result)}");
            }

            results.Cells.Add(new CompareResults.Cell(workload, clients, CompareResults.WrkDriverName, byTarget, null, null));
        }
    }

    /// <summary>S on every target: a fresh pair with exactly <c>SellOutStock</c> units, exactly <c>SellOutAttempts</c> attempts.</summary>
    private async Task SellOutAsync(CompareOptions options, IReadOnlyList<ReservationTarget> targets, PeerRunner? directPeers, CompareResults results, CancellationToken cancellation)
    {
        foreach (var target in targets)
        {
            using var api = Api(target, 1);
            var pair = new StockPair("BENCH-SELL", "SELL-" + Guid.NewGuid().ToString("N")[..8]);
            await api.SetCountAsync(pair, options.SellOutStock, DateTimeOffset.UtcNow, cancellation);
            Progress($"{target.Name} sell-out: {options.SellOutAttempts:N0} attempts from {options.SellOutClients} clients on {options.SellOutStock:N0} units...");
            var sold = await new ReservationLoad(target.BaseAddress, target.ApiKey, [pair], options.SellOutClients).RunAttemptsAsync(options.SellOutAttempts, cancellation);
            var live = target.KeepsStock ? await api.StockAsync(pair, cancellation) : null;
            results.SellOuts[target.Key] = new CompareResults.SellOut(pair, sold, live);
            Progress($"{target.Name} sell-out: {sold.Ok:N0} sold, {sold.Rejected:N0} rejected, {sold.Errors} errors; stock {live?.ToString() ?? "n/a (keeps none)"}{ErrorNote(sold)}");
        }

        results.DirectPgSellOut = await DirectPeerAsync(directPeers, "pg", "S", options.SellOutClients, options.DurationSeconds, cancellation);
        results.DirectRedisSellOut = await DirectPeerAsync(directPeers, "redis", "S", options.SellOutClients, options.DurationSeconds, cancellation);
    }

    /// <summary>F: the feed burst on the service while U runs at the highest concurrency.</summary>
    private async Task<CompareResults.Feed> FeedBurstAsync(
        CompareOptions options, ReservationTarget service, IReadOnlyList<StockPair> uniform, CompareResults results, CancellationToken cancellation)
    {
        var feedClients = options.Clients.Max();
        var idleU = results.Cells.First(c => c.Workload == "U" && c.Clients == feedClients && c.Driver == CompareResults.CSharpDriverName).Of(service.Key)!;
        var feed = Enumerable.Range(0, options.FeedPairs).Select(i => new StockPair($"FEED-L{i % 4}", $"FEED-{i:D6}")).ToList();
        Progress($"feed burst: {feed.Count:N0} warehouse counts as {CompareReport.FeedRequests(options)}, while U runs with {feedClients} clients...");
        PairWorkResult? feedWork = null;
        var feedAsOf = DateTimeOffset.UtcNow;
        var feedLimit = TimeSpan.FromSeconds(options.FeedLimitSeconds);
        using var feeder = Api(service, options.FeedConcurrency);
        var duringFeed = await new ReservationLoad(service.BaseAddress, service.ApiKey, uniform, feedClients).RunAsync(
            TimeSpan.FromSeconds(options.WarmupSeconds),
            async token => feedWork = options.FeedBatch == 1
                ? await PairWork.RunAsync("feed", feed, options.FeedConcurrency, (p, t) => feeder.SetCountAsync(p, 100, feedAsOf, t), Progress, token, feedLimit)
                : await PairWork.RunAsync("feed", feed.Chunk(options.FeedBatch).ToList(), batch => batch.Length, options.FeedConcurrency,
                    (batch, t) => feeder.SetCountsAsync(batch, 100, feedAsOf, t), Progress, token, feedLimit),
            null,
            cancellation);
        Progress($"feed burst: {feedWork!.Done:N0} counts in {feedWork.Elapsed.TotalSeconds:0.0} s; checkout meanwhile {duringFeed.OpsPerSecond:N0} ops/s, p99 {duringFeed.Latency.P99:0.00} ms (idle {idleU.Latency.P99:0.00} ms){ErrorNote(duringFeed)}");
        return new CompareResults.Feed(feedWork, duringFeed, idleU);
    }

    /// <summary>Memory per active stock grain: pairs activated by reads (never written: each activation reads storage, finds nothing).</summary>
    private async Task<CompareResults.Memory> MemoryAsync(CompareOptions options, CoHostedService service, CancellationToken cancellation)
    {
        var memoryPairs = Enumerable.Range(0, options.MemoryPairs).Select(i => new StockPair($"MEM-L{i % 4}", $"MEM-{i:D7}")).ToList();
        using var api = new InventoryApi(HttpClients.Create(service.Process.BaseAddress, 64, service.ApiKey), "service");
        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var rssBefore = service.Process.ResidentBytes();
        Progress($"memory: activating {memoryPairs.Count:N0} pairs by GET /v1/stock (RSS before {rssBefore / 1048576.0:N0} MiB)...");
        var activation = await PairWork.RunAsync("activate", memoryPairs, 64, async (p, t) => await api.StockAsync(p, t), Progress, cancellation);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var rssAfter = service.Process.ResidentBytes();
        Progress($"memory: RSS after {rssAfter / 1048576.0:N0} MiB");
        return new CompareResults.Memory(memoryPairs.Count, activation, rssBefore, rssAfter);
    }

    /// <summary>
    /// Makes a target as warm as a long-running one before anything is measured: cold, the first cell pays for the
    /// JIT (most of a core on the service, right after seeding). The warm-up runs the same reservations on pairs of
    /// its own (one hot, 1,000 spread), so no measured pair carries its holds.
    /// </summary>
    private async Task WarmUpAsync(ReservationTarget target, int seconds, int clients, DateTimeOffset asOf, CancellationToken cancellation)
    {
        using var api = Api(target, 2);
        var hot = new StockPair("BENCH-WARM", "WARM-HOT");
        var spread = Enumerable.Range(0, 1_000).Select(i => new StockPair($"BENCH-WARM-L{i % 4}", $"WARM-{i:D4}")).ToList();
        await api.SetCountAsync(hot, PlentyOfStock, asOf, cancellation);
        await api.SetCountsAsync(spread, PlentyOfStock, asOf, cancellation);
        var half = TimeSpan.FromSeconds(seconds / 2.0);
        Progress($"warm-up of {target.Name}: {seconds} s of reservations from {clients} clients on pairs of its own (not measured)...");
        foreach (var pairs in new[] { [hot], spread })
        {
            var load = new ReservationLoad(target.BaseAddress, target.ApiKey, pairs, clients);
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

    /// <summary>
    /// One measured cell on one target: the C# clients, or wrk when <paramref name="wrk"/> names it. Transactions are
    /// counted over the whole cell (warm-up included) and divided by every attempt answered in it; PostgreSQL's
    /// statistics lag up to a second, hence the pauses around the cell.
    /// </summary>
    private async Task<LoadResult> CellAsync(
        ReservationTarget target, IReadOnlyList<StockPair> pairs, int clients, string? wrk, CompareOptions options, TestServers servers, CancellationToken cancellation)
    {
        long? xactBefore = null;
        if (target.Database is { } database)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.1), cancellation);
            xactBefore = await CommittedTransactionsAsync(servers, database, cancellation);
        }

        var warmup = TimeSpan.FromSeconds(options.WarmupSeconds);
        var duration = TimeSpan.FromSeconds(options.DurationSeconds);
        LoadResult result;
        if (wrk is null)
        {
            var load = new ReservationLoad(target.BaseAddress, target.ApiKey, pairs, clients);
            result = await load.RunAsync(warmup, token => Task.Delay(duration, token), target.Cpu(wrk: false), cancellation);
        }
        else
        {
            var driver = new WrkDriver(wrk, target.BaseAddress, options.WrkThreads, clients, _workDirectory);
            var run = await driver.RunAsync(ReservationLoad.WrkRequests(target.ApiKey, pairs), warmup, duration, target.Cpu(wrk: true), cancellation);
            result = LoadResult.FromWrk(run, clients);
        }

        if (target.Database is { } counted)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.1), cancellation);
            result = result with { PgTransactions = await CommittedTransactionsAsync(servers, counted, cancellation) - xactBefore };
        }

        return result;
    }

    private static async Task<long> CommittedTransactionsAsync(TestServers servers, string database, CancellationToken cancellation) =>
        long.Parse(await servers.QueryAsync($"SELECT xact_commit FROM pg_stat_database WHERE datname = '{database}'", cancellation), CultureInfo.InvariantCulture);

    private async Task<PeerResult?> DirectPeerAsync(PeerRunner? peers, string peer, string workload, int clients, int durationSeconds, CancellationToken cancellation)
    {
        if (peers is null)
        {
            return null;
        }

        var result = await peers.RunAsync(peer, workload, clients, durationSeconds, cancellation);
        Progress($"{peers.Describe(peer)} {workload} x{clients}: {result.OpsPerSecond:N0} ops/s, p50 {result.P50:0.00} ms, p99 {result.P99:0.00} ms{(result.SellOut is { } s ? ", sell-out " + s : "")}");
        return result;
    }

    private static InventoryApi Api(ReservationTarget target, int connections) =>
        new(HttpClients.Create(target.BaseAddress, connections, target.ApiKey), target.Name);

    private static string Describe(LoadResult result)
    {
        var cpu = result.CpuPerOp is { } c ? $", CPU µs/op server {c.Server:N0} / store {c.Store:N0} / driver {c.Driver:N0} / rest {c.Rest:N0}" : "";
        var xact = result.PgTransactions is not null ? $", {CompareReport.PerOp(result.PgTransactions, result):0.00} PG xact/op" : "";
        return $"{result.OpsPerSecond:N0} ops/s, p50 {result.Latency.P50:0.00} ms, p99 {result.Latency.P99:0.00} ms, {result.Errors} errors{xact}{cpu}{ErrorNote(result)}";
    }

    private static string ErrorNote(LoadResult result) => result.ErrorSample.Count > 0 ? "; first error: " + result.ErrorSample[0] : "";

    private void Progress(string message) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
