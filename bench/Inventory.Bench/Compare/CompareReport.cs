using System.Globalization;
using System.Text;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Reporting;

namespace Inventory.Bench.Compare;

/// <summary>
/// The text a <c>compare</c> run ends with: the service's ratios to every peer per cell, every system's numbers per
/// cell, and issue #14's targets judged against the HTTP peers (same run, same driver).
/// </summary>
public static class CompareReport
{
    /// <summary>Issue #14: H at the highest client count, times HTTP + PostgreSQL.</summary>
    public const double HotRatioTarget = 10;

    /// <summary>Issue #14: U at the highest client count, times HTTP + PostgreSQL.</summary>
    public const double UniformRatioTarget = 1.5;

    public const double HotP99TargetMs = 20;
    public const double FloorP50TargetMs = 1.0;
    public const double FeedSecondsTarget = 10;
    public const double FeedP99FactorTarget = 2;
    public const double BytesPerGrainTarget = 2_048;

    private const string Postgres = "postgres";
    private const string Redis = "redis";
    private const string Ceiling = "none";

    public static string Render(CompareOptions options, MachineFacts machine, IReadOnlyList<ReservationTarget> targets, PeerRunner? direct, CompareResults results)
    {
        var text = new StringBuilder();
        var httpPeers = targets.Skip(1).Select(t => t.Name).ToList();
        text.AppendLine("Reservations: the service (API + co-hosted silo, PostgreSQL storage, durable acks) vs " +
                        (httpPeers.Count > 0 ? $"the HTTP peer (shared/peers/http-peer) as {string.Join(", ", httpPeers)}" : "no HTTP peer") +
                        $", same driver; reference rows: {(direct is null ? "none" : $"{direct.Describe("pg")}, {direct.Describe("redis")}")}");
        text.AppendLine("HTTP + PostgreSQL: row update + hold row in one transaction, synchronous commit, own database on the same PostgreSQL; " +
                        $"HTTP + Redis: one Lua script, own redis-server, appendfsync {options.RedisAof}; HTTP ceiling: parses and answers, no store");
        text.AppendLine($"service connection string: tests/servers.sh's{(options.StorageOptions is { Length: > 0 } extra ? " + " + extra : " (Npgsql defaults)")}; " +
                        $"PostgreSQL max_connections {results.PostgresMaxConnections ?? "n/a"}");
        text.AppendLine($"{machine.At:yyyy-MM-dd HH:mm} UTC; {machine.Cores} cores {machine.CpuModel}; {machine.Os}; .NET SDK {machine.DotnetVersion}; " +
                        $"load average before {machine.LoadAverage}, after {MachineFacts.LoadAverageNow()}");
        text.AppendLine($"{options.DurationSeconds} s per cell after {options.WarmupSeconds} s of warm-up (each system; the service also warmed up {options.ServiceWarmupSeconds} s " +
                        $"and each HTTP peer {options.PeerWarmupSeconds} s on pairs of their own first); ops/s = answered attempts (201 + 409) per second; " +
                        "latency in ms over answered attempts; errors = any other answer or exception" + (options.Quick ? "; --quick: a smoke run, not a measurement" : ""));
        text.AppendLine();

        text.AppendLine("The service's throughput ÷ each peer's, same cell:");
        text.Append(Ratios(options, results).Render());
        text.AppendLine();
        text.AppendLine("Every system, cell by cell (in the order they ran):");
        text.Append(Systems(options, targets, direct, results).Render());
        text.AppendLine("CPU µs/op: per answered attempt, spent by the system's server process (the service, or the HTTP peer) / its store (PostgreSQL: " +
                        "every backend; the peer's redis-server) / the driver (this tool's C# clients; with wrk, wrk and this tool) / the rest of the machine " +
                        "(idle processes of the run, other users). PG xact/op: the system's own database's committed transactions over the cell, " +
                        "warm-up included, per answered attempt.");
        text.AppendLine();
        text.Append(Targets(options, targets, direct, results).Render());
        return text.ToString();
    }

    public static string FeedRequests(CompareOptions options) => options.FeedBatch == 1
        ? $"{options.FeedConcurrency} concurrent PUTs"
        : $"POST /v1/stock/counts with {options.FeedBatch:N0} counts each, {options.FeedConcurrency} in flight";

    public static double PerOp(long? transactions, LoadResult result) =>
        transactions is { } t && result.AllAnswered > 0 ? (double)t / result.AllAnswered : double.NaN;

    private static GridTable Ratios(CompareOptions options, CompareResults results)
    {
        var grid = new GridTable("workload", "clients", "service ops/s", "× HTTP+PG", "× HTTP+Redis", "× HTTP ceiling", "× pgbench", "× redis-benchmark");
        foreach (var cell in results.Cells)
        {
            var service = cell.Of(ReservationTarget.ServiceKey)!.OpsPerSecond;
            grid.Add(cell.Label, Num(cell.Clients), Num(service),
                Ratio(service, cell.Of(Postgres)?.OpsPerSecond), Ratio(service, cell.Of(Redis)?.OpsPerSecond), Ratio(service, cell.Of(Ceiling)?.OpsPerSecond),
                Ratio(service, cell.DirectPg?.OpsPerSecond), Ratio(service, cell.DirectRedis?.OpsPerSecond));
        }

        if (results.SellOuts.TryGetValue(ReservationTarget.ServiceKey, out var sold))
        {
            var service = sold.Sold.OpsPerSecond;
            double? Of(string key) => results.SellOuts.TryGetValue(key, out var s) ? s.Sold.OpsPerSecond : null;
            grid.Add("S", Num(options.SellOutClients), Num(service), Ratio(service, Of(Postgres)), Ratio(service, Of(Redis)), Ratio(service, Of(Ceiling)),
                Ratio(service, results.DirectPgSellOut?.OpsPerSecond), Ratio(service, results.DirectRedisSellOut?.OpsPerSecond));
        }

        return grid;
    }

    private static GridTable Systems(CompareOptions options, IReadOnlyList<ReservationTarget> targets, PeerRunner? direct, CompareResults results)
    {
        var grid = new GridTable("workload", "clients", "system", "ops/s", "p50", "p99", "errors", "PG xact/op", "CPU µs/op server / store / driver / rest");
        var pgbench = direct is null ? "" : "pgbench (direct)";
        var redisBenchmark = direct is null ? "" : "redis-benchmark (direct)";
        foreach (var cell in results.Cells)
        {
            foreach (var target in targets)
            {
                if (cell.Of(target.Key) is { } r)
                {
                    grid.Add(cell.Label, Num(cell.Clients), target.Name, Num(r.OpsPerSecond), F(r.Latency.P50), F(r.Latency.P99), Num(r.Errors),
                        F(PerOp(r.PgTransactions, r)), Cpu(r.CpuPerOp));
                }
            }

            AddDirect(grid, cell.Label, cell.Clients, pgbench, cell.DirectPg);
            AddDirect(grid, cell.Label, cell.Clients, redisBenchmark, cell.DirectRedis);
        }

        foreach (var target in targets)
        {
            if (results.SellOuts.TryGetValue(target.Key, out var s))
            {
                grid.Add("S", Num(options.SellOutClients), target.Name, Num(s.Sold.OpsPerSecond), F(s.Sold.Latency.P50), F(s.Sold.Latency.P99), Num(s.Sold.Errors), "", "");
            }
        }

        AddDirect(grid, "S", options.SellOutClients, pgbench, results.DirectPgSellOut);
        AddDirect(grid, "S", options.SellOutClients, redisBenchmark, results.DirectRedisSellOut);
        if (results.FeedBurst is { } feed)
        {
            grid.Add("F (U during burst)", Num(options.Clients.Max()), "service", Num(feed.During.OpsPerSecond), F(feed.During.Latency.P50), F(feed.During.Latency.P99),
                Num(feed.During.Errors), "", "");
        }

        return grid;
    }

    private static void AddDirect(GridTable grid, string workload, int clients, string name, PeerResult? peer)
    {
        if (peer is not null)
        {
            grid.Add(workload, Num(clients), name, Num(peer.OpsPerSecond), F(peer.P50), F(peer.P99), Num(peer.Errors), "", "");
        }
    }

    private static ResultTable Targets(CompareOptions options, IReadOnlyList<ReservationTarget> targets, PeerRunner? direct, CompareResults results)
    {
        var table = new ResultTable("Targets (issue #14): the service against the HTTP peers, same run, same driver (C#)");
        var top = options.Clients.Max();
        var name = targets.ToDictionary(t => t.Key, t => t.Name);
        string NameOf(string key) => name.GetValueOrDefault(key, key);
        CompareResults.Cell? Cell(string workload, int clients, string driver = CompareResults.CSharpDriverName) =>
            results.Cells.FirstOrDefault(c => c.Workload == workload && c.Clients == clients && c.Driver == driver);

        if (Cell("H", top) is { } h)
        {
            var service = h.Of(ReservationTarget.ServiceKey)!;
            table.Section($"H hot SKU, {top} clients");
            AddRatioTarget(table, h, Postgres, NameOf(Postgres), $">= {HotRatioTarget:0}x", HotRatioTarget);
            AddRatioTarget(table, h, Redis, NameOf(Redis) + " (stretch)", ">= 1x", 1);
            table.AddTarget("p99", Units.Ms(service.Latency.P99), $"<= {HotP99TargetMs:0} ms", service.Latency.P99 <= HotP99TargetMs);
            if (results.Hot.TryGetValue(ReservationTarget.ServiceKey, out var hot) && hot.After is { } after)
            {
                var oversold = !after.Consistent || after.Reserved + after.Committed > after.OnHand;
                table.AddTarget("no oversell: hot pair consistent; reserved vs acknowledged holds", $"{after.Reserved:N0} vs {hot.Acknowledged:N0}", "consistent", !oversold);
            }

            var wrkHolds = Cell("H", top, CompareResults.WrkDriverName) is null ? "" : "; wrk's holds included";
            table.Add($"hot pair as stored (after restart{wrkHolds})", results.HotStored?.ToString() ?? "missing");
            foreach (var (key, peerHot) in results.Hot.Where(p => p.Key != ReservationTarget.ServiceKey))
            {
                table.Add($"{NameOf(key)}: hot pair reserved vs acknowledged holds", $"{peerHot.After?.Reserved.ToString("N0", CultureInfo.InvariantCulture) ?? "missing"} vs {peerHot.Acknowledged:N0}");
            }

            AddWrkAndReference(table, h, Cell("H", top, CompareResults.WrkDriverName), direct, NameOf);
        }

        if (Cell("U", top) is { } u)
        {
            table.Section($"U uniform over {options.UniformPairs:N0} pairs, {top} clients");
            AddRatioTarget(table, u, Postgres, NameOf(Postgres), $">= {UniformRatioTarget:0.0}x", UniformRatioTarget);
            var serviceCpu = u.Of(ReservationTarget.ServiceKey)!.CpuPerOp;
            var peerCpu = u.Of(Postgres)?.CpuPerOp;
            table.AddTarget($"CPU µs per reservation, server + PostgreSQL: service vs {NameOf(Postgres)}",
                $"{Num(serviceCpu?.System)} vs {Num(peerCpu?.System)}", $"<= {NameOf(Postgres)}'s",
                serviceCpu is null || peerCpu is null ? null : serviceCpu.System <= peerCpu.System);
            AddWrkAndReference(table, u, Cell("U", top, CompareResults.WrkDriverName), direct, NameOf);
            if (results.Seed is { } seed)
            {
                table.Add("seeding the service (count files of 1,000, 2 in flight)", $"{seed.Done:N0} in {seed.Elapsed.TotalSeconds:0.0} s = {seed.PerSecond:N0} /s");
            }
        }

        var floors = new[] { Cell("H", 1), Cell("U", 1) }.OfType<CompareResults.Cell>().ToList();
        if (floors.Count > 0)
        {
            table.Section("Floor: one client");
            foreach (var one in floors)
            {
                var service = one.Of(ReservationTarget.ServiceKey)!;
                table.AddTarget($"{one.Workload}: service p50 (p99)", $"{Units.Ms(service.Latency.P50)} ({Units.Ms(service.Latency.P99)})",
                    $"p50 <= {FloorP50TargetMs:0.0} ms", service.Latency.P50 <= FloorP50TargetMs);
                var peers = one.Targets.Where(t => t.Key != ReservationTarget.ServiceKey).Select(t => $"{NameOf(t.Key)} {Units.Ms(t.Value.Latency.P50)}").ToList();
                if (peers.Count > 0)
                {
                    table.Add($"{one.Workload}: the HTTP peers' p50", string.Join(", ", peers));
                }
            }
        }

        if (results.SellOuts.TryGetValue(ReservationTarget.ServiceKey, out var sold))
        {
            table.Section($"S sell-out: {options.SellOutStock:N0} units, {options.SellOutClients} clients, {options.SellOutAttempts:N0} attempts");
            var expected = $"{options.SellOutStock:N0} / {options.SellOutAttempts - options.SellOutStock:N0} / 0";
            table.AddTarget("service: 201 / 409 / errors", Outcome(sold.Sold), expected, Exact(sold.Sold, options));
            table.AddTarget("service live: reserved + committed, available", Stock(sold.Live), $"{options.SellOutStock:N0}, 0", SoldOut(sold.Live, options.SellOutStock));
            table.AddTarget("service stored (after a restart): reserved + committed, available", Stock(results.SellOutStored), $"{options.SellOutStock:N0}, 0",
                SoldOut(results.SellOutStored, options.SellOutStock));
            foreach (var target in targets.Skip(1))
            {
                if (!results.SellOuts.TryGetValue(target.Key, out var peer))
                {
                    continue;
                }

                if (target.KeepsStock)
                {
                    table.AddTarget($"{target.Name}: 201 / 409 / errors; reserved + committed, available", $"{Outcome(peer.Sold)}; {Stock(peer.Live)}",
                        $"{expected}; {options.SellOutStock:N0}, 0", Exact(peer.Sold, options) && SoldOut(peer.Live, options.SellOutStock));
                }
                else
                {
                    table.Add($"{target.Name}: 201 / 409 / errors", $"{Outcome(peer.Sold)} (keeps no stock: nothing to sell out)");
                }
            }

            if (direct is not null)
            {
                table.Add("direct peers' sell-out", $"pgbench {results.DirectPgSellOut?.SellOut ?? "n/a"}, redis-benchmark {results.DirectRedisSellOut?.SellOut ?? "n/a"}");
            }
        }

        if (results.FeedBurst is { } feed)
        {
            table.Section($"F feed burst: {feed.Work.Total:N0} warehouse counts ({FeedRequests(options)}) while U runs with {top} clients");
            table.AddTarget(
                feed.Work.Complete ? "burst duration" : $"burst: stopped at the {options.FeedLimitSeconds} s limit; all of them at that rate",
                $"{feed.Work.Done:N0} in {feed.Work.Elapsed.TotalSeconds:0.0} s = {feed.Work.PerSecond:N0} counts/s{(feed.Work.Complete ? "" : $" -> {feed.Work.Projected.TotalSeconds:0} s")}",
                $"<= {FeedSecondsTarget:0} s", feed.Work.Complete && feed.Work.Elapsed.TotalSeconds <= FeedSecondsTarget);
            table.AddTarget("checkout p99 during burst vs idle", $"{Units.Ms(feed.During.Latency.P99)} vs {Units.Ms(feed.IdleU.Latency.P99)} = {feed.During.Latency.P99 / feed.IdleU.Latency.P99:0.0}x",
                $"<= {FeedP99FactorTarget:0}x", feed.During.Latency.P99 <= FeedP99FactorTarget * feed.IdleU.Latency.P99);
            table.Add("checkout ops/s during burst vs idle", $"{Num(feed.During.OpsPerSecond)} vs {Num(feed.IdleU.OpsPerSecond)}");
        }

        if (results.MemoryUse is { } memory)
        {
            table.Section("Memory");
            table.Add($"RSS before / after activating {memory.Pairs:N0} pairs", $"{memory.RssBefore / 1048576.0:N0} / {memory.RssAfter / 1048576.0:N0} MiB ({memory.Activation.Elapsed.TotalSeconds:0.0} s)");
            table.AddTarget("RSS growth per activated stock grain (no forced GC)", $"{memory.BytesPerGrain:N0} bytes", $"<= {BytesPerGrainTarget:N0} bytes", memory.BytesPerGrain <= BytesPerGrainTarget);
        }

        if (results.WrkNote is not null)
        {
            table.Section("wrk");
            table.Add("not run", results.WrkNote);
        }

        return table;
    }

    /// <summary>The service's ops/s against one HTTP peer's in the same cell, judged against <paramref name="factor"/>; n/a without that peer.</summary>
    private static void AddRatioTarget(ResultTable table, CompareResults.Cell cell, string key, string name, string target, double factor)
    {
        var service = cell.Of(ReservationTarget.ServiceKey)!.OpsPerSecond;
        var peer = cell.Of(key)?.OpsPerSecond;
        table.AddTarget($"ops/s vs {name}", $"{Num(service)} /s vs {Num(peer)} /s = {Ratio(service, peer)}", target, peer is { } p && p > 0 ? service / p >= factor : null);
    }

    private static void AddWrkAndReference(ResultTable table, CompareResults.Cell cell, CompareResults.Cell? wrk, PeerRunner? direct, Func<string, string> nameOf)
    {
        if (wrk is not null)
        {
            var service = wrk.Of(ReservationTarget.ServiceKey)!.OpsPerSecond;
            var ratios = wrk.Targets.Where(t => t.Key != ReservationTarget.ServiceKey).Select(t => $"{Ratio(service, t.Value.OpsPerSecond)} {nameOf(t.Key)}");
            table.Add("driven by wrk: service ops/s, × each HTTP peer", $"{Num(service)} /s; {string.Join(", ", ratios)}");
        }

        if (direct is not null)
        {
            var service = cell.Of(ReservationTarget.ServiceKey)!.OpsPerSecond;
            table.Add("reference: × pgbench, × redis-benchmark on the bare stores", $"{Ratio(service, cell.DirectPg?.OpsPerSecond)}, {Ratio(service, cell.DirectRedis?.OpsPerSecond)}");
        }
    }

    private static bool Exact(LoadResult sold, CompareOptions options) =>
        sold.Ok == options.SellOutStock && sold.Rejected == options.SellOutAttempts - options.SellOutStock && sold.Errors == 0;

    private static string Outcome(LoadResult sold) => $"{sold.Ok:N0} / {sold.Rejected:N0} / {sold.Errors:N0}";

    private static bool SoldOut(StockQuantities? stock, long units) =>
        stock is not null && stock.Consistent && stock.Reserved + stock.Committed == units && stock.Available == 0;

    private static string Stock(StockQuantities? stock) => stock is null ? "missing" : $"{stock.Reserved + stock.Committed:N0}, {stock.Available:N0} (onHand {stock.OnHand:N0})";

    private static string Cpu(CpuPerOp? cpu) => cpu is null ? "n/a" : $"{Num(cpu.Server)} / {Num(cpu.Store)} / {Num(cpu.Driver)} / {Num(cpu.Rest)}";

    private static string Num(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString("#,0", CultureInfo.InvariantCulture) : "n/a";

    private static string F(double? ms) => ms is { } v && !double.IsNaN(v) ? v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) : "n/a";

    private static string Ratio(double service, double? peer) =>
        peer is { } p && p > 0 && !double.IsNaN(service) ? (service / p).ToString(service / p < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + "x" : "n/a";
}
