using System.Globalization;
using Inventory.Bench.Cli;

namespace Inventory.Bench.Compare;

/// <summary>Settings of the <c>compare</c> workload; <c>--quick</c> shrinks everything to a smoke run of a few minutes.</summary>
public sealed record CompareOptions(
    IReadOnlySet<string> Workloads,
    IReadOnlyList<int> Clients,
    int DurationSeconds,
    int WarmupSeconds,
    int ServiceWarmupSeconds,
    int UniformPairs,
    int SellOutStock,
    int SellOutAttempts,
    int SellOutClients,
    int FeedPairs,
    int FeedBatch,
    int FeedConcurrency,
    int FeedLimitSeconds,
    int MemoryPairs,
    bool Peers,
    IReadOnlyList<string> HttpStores,
    bool DirectPeers,
    int PeerWarmupSeconds,
    bool Wrk,
    int WrkThreads,
    string? PeersDirectory,
    string PgMode,
    string RedisAof,
    string? StorageOptions,
    string? Root,
    string? Output,
    bool Quick)
{
    /// <summary>Every workload, in the order they run: H, U, S, F (needs U), M (memory per stock grain).</summary>
    public static readonly IReadOnlyList<string> AllWorkloads = ["H", "U", "S", "F", "M"];

    /// <summary>The HTTP peer's stores (<c>PEER_STORE</c>), in the order their cells run.</summary>
    public static readonly IReadOnlyList<string> AllHttpStores = ["postgres", "redis", "none"];

    public const string Help = """
          --workloads LIST    which to run, comma-separated: H (hot pair), U (uniform pairs), S (sell-out),
                             F (feed burst during U; needs U), M (memory per stock grain) (default H,U,S,F,M)
          --clients LIST      concurrent keep-alive clients per cell, comma-separated (default 1,8,32,64; quick 1,64)
          --duration S        measured seconds per cell, service and peers alike (default 10; quick 2)
          --warmup S          unmeasured seconds before each cell, on every system alike (default 2; quick 1)
          --service-warmup S  unmeasured reservations on pairs of their own before the first cell, half on one
                             pair and half spread, so the JIT has tiered the hot paths up (default 20; quick 5)
          --uniform-pairs N   pairs of workload U (default 10000; quick 1000)
          --sellout-stock N   units of the sell-out pair (default 1000)
          --sellout-attempts N  one-unit attempts on it (default 5000)
          --sellout-clients N   clients of the sell-out (default 64)
          --feed-pairs N      warehouse counts of the feed burst F (default 50000; quick 2000)
          --feed-batch N      counts per POST /v1/stock/counts request (default 1000; 1 = one PUT per pair instead)
          --feed-concurrency N  requests in flight during the burst (default 2 with batches, 64 with --feed-batch 1)
          --feed-limit S      stop the burst after S seconds and report the rate and the projected total (default 60; quick 20)
          --memory-pairs N    pairs activated by reads to measure memory per stock grain (default 100000; quick 5000)
          --no-peers          skip every peer (service only)
          --http-stores LIST  the HTTP peer's stores to run, comma-separated: postgres, redis, none (the HTTP
                             ceiling) (default postgres,redis,none)
          --no-direct-peers   skip the reference rows of pg_peer.sh (pgbench) and redis_peer.sh (redis-benchmark)
          --peer-warmup S     unmeasured reservations on each HTTP peer before its first cell, like the service's
                             (default 6; quick 2)
          --peers PATH        folder with pg_peer.sh, redis_peer.sh and http-peer/ (default: shared/peers above the
                             checkout or the working directory)
          --pg-mode MODE      PG_MODE of pg_peer.sh: cte (one statement, the peer's best case) or txn (default cte)
          --redis-aof MODE    append-only file of both Redis peers: off, everysec or always (default everysec)
          --wrk               also run H and U at the highest client count with wrk against the service and each
                             HTTP peer (skipped with a note when wrk is not installed: apt-get install -y wrk)
          --wrk-threads N     wrk threads (default 1: on 2 cores a second busy thread starves the server)
          --storage-options S  Npgsql settings appended to the service's connection string, e.g.
                             "No Reset On Close=true" (no DISCARD ALL round trip each time a pooled connection is reused)
          --root PATH         the checkout whose Release build to run (default: found above the working directory)
          --output PATH       where to write the table too (default /tmp/inventory-bench/compare-<time>/compare.txt)
          --quick             a smoke run with the quick defaults above
        """;

    /// <summary>True when <paramref name="workload"/> (H, U, S, F or M) is to run.</summary>
    public bool Runs(string workload) => Workloads.Contains(workload);

    public static CompareOptions Parse(BenchArgs args)
    {
        var quick = args.Flag("quick");
        var workloads = List(args.Text("workloads"), AllWorkloads, "--workloads");
        if (workloads.Contains("F") && !workloads.Contains("U"))
        {
            throw new UsageException("--workloads: F needs U (the burst runs U's load and compares with U's idle p99)");
        }

        var httpStores = List(args.Text("http-stores"), AllHttpStores, "--http-stores");
        var clientsText = args.Text("clients") ?? (quick ? "1,64" : "1,8,32,64");
        var clients = new List<int>();
        foreach (var part in clientsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) || c < 1 || c > 1024)
            {
                throw new UsageException($"--clients must list whole numbers from 1 to 1024, not '{clientsText}'");
            }

            clients.Add(c);
        }

        var pgMode = args.Text("pg-mode") ?? "cte";
        var redisAof = args.Text("redis-aof") ?? "everysec";
        var feedBatch = args.Number("feed-batch", 1_000, 1, 1_000);
        var options = new CompareOptions(
            Workloads: workloads.ToHashSet(StringComparer.Ordinal),
            Clients: clients,
            DurationSeconds: args.Number("duration", quick ? 2 : 10, 1, 600),
            WarmupSeconds: args.Number("warmup", quick ? 1 : 2, 0, 120),
            ServiceWarmupSeconds: args.Number("service-warmup", quick ? 5 : 20, 0, 600),
            UniformPairs: args.Number("uniform-pairs", quick ? 1_000 : 10_000, 1, 1_000_000),
            SellOutStock: args.Number("sellout-stock", 1_000, 1, 1_000_000),
            SellOutAttempts: args.Number("sellout-attempts", 5_000, 1, 10_000_000),
            SellOutClients: args.Number("sellout-clients", 64, 1, 1024),
            FeedPairs: args.Number("feed-pairs", quick ? 2_000 : 50_000, 1, 1_000_000),
            FeedBatch: feedBatch,
            FeedConcurrency: args.Number("feed-concurrency", feedBatch == 1 ? 64 : 2, 1, 1024),
            FeedLimitSeconds: args.Number("feed-limit", quick ? 20 : 60, 1, 3_600),
            MemoryPairs: args.Number("memory-pairs", quick ? 5_000 : 100_000, 1, 2_000_000),
            Peers: !args.Flag("no-peers"),
            HttpStores: httpStores,
            DirectPeers: !args.Flag("no-direct-peers"),
            PeerWarmupSeconds: args.Number("peer-warmup", quick ? 2 : 6, 0, 600),
            Wrk: args.Flag("wrk"),
            WrkThreads: args.Number("wrk-threads", 1, 1, 64),
            PeersDirectory: args.Text("peers"),
            PgMode: pgMode is "cte" or "txn" ? pgMode : throw new UsageException("--pg-mode must be cte or txn"),
            StorageOptions: args.Text("storage-options"),
            RedisAof: redisAof is "off" or "everysec" or "always" ? redisAof : throw new UsageException("--redis-aof must be off, everysec or always"),
            Root: args.Text("root"),
            Output: args.Text("output"),
            Quick: quick);
        args.RejectUnknown();
        return options;
    }

    /// <summary>A comma-separated choice from <paramref name="known"/>, kept in their order; all of them when not given.</summary>
    private static List<string> List(string? text, IReadOnlyList<string> known, string option)
    {
        if (text is null)
        {
            return [.. known];
        }

        var chosen = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var unknown = chosen.FirstOrDefault(c => !known.Contains(c, StringComparer.OrdinalIgnoreCase));
        return unknown is null && chosen.Count > 0
            ? [.. known.Where(k => chosen.Contains(k, StringComparer.OrdinalIgnoreCase))]
            : throw new UsageException($"{option} takes a comma-separated list of {string.Join(", ", known)}, not '{text}'");
    }
}
