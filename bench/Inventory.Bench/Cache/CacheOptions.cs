using Inventory.Bench.Cli;

namespace Inventory.Bench.Cache;

/// <summary>Settings of the <c>cache</c> workload; <c>--quick</c> shrinks the defaults to a smoke run of under 30 s.</summary>
public sealed record CacheOptions(
    int Pairs,
    int Changes,
    int InFlight,
    int PollGapMs,
    int PaceMs,
    int LagTimeoutMs,
    int Concurrency,
    int DurationSeconds,
    int WarmupSeconds,
    bool UseWrk,
    int WrkThreads,
    string? Root,
    bool Quick)
{
    public const string Help = """
          --pairs N          pairs seeded and warmed on both nodes (default 100; quick 20)
          --changes N        measured changes for the invalidation lag (default 2000; quick 40)
          --inflight N       changes in flight at once, each on its own pairs and watchers (default 1)
          --poll-gap-ms N    pause between two polls of a watcher; 0 polls back to back (default 0)
          --pace-ms N        random pause of 0..N ms after each change, so changes do not fall into step with
                             periodic work in the cluster such as stream polling (default 100; 0 = back to back)
          --lag-timeout-ms N a change not visible after this long counts as not seen (default 5000)
          --concurrency N    concurrent keep-alive readers for the read throughput (default 64)
          --duration S       measured read time in seconds, per driver (default 10; quick 2)
          --warmup S         read warm-up in seconds before measuring, per driver (default 3; quick 1)
          --no-wrk           skip the wrk run even when wrk is installed
          --wrk-threads N    wrk threads (default 1: on 2 cores a second busy thread starves the server)
          --root PATH        the checkout whose Release build to run (default: found above the working directory)
          --quick            a smoke run of under 30 s with the quick defaults above
        """;

    public static CacheOptions Parse(BenchArgs args)
    {
        var quick = args.Flag("quick");
        var options = new CacheOptions(
            Pairs: args.Number("pairs", quick ? 20 : 100, 1, 100_000),
            Changes: args.Number("changes", quick ? 40 : 2_000, 1, 1_000_000),
            InFlight: args.Number("inflight", 1, 1, 64),
            PollGapMs: args.Number("poll-gap-ms", 0, 0, 1_000),
            PaceMs: args.Number("pace-ms", 100, 0, 10_000),
            LagTimeoutMs: args.Number("lag-timeout-ms", 5_000, 100, 120_000),
            Concurrency: args.Number("concurrency", 64, 1, 4_096),
            DurationSeconds: args.Number("duration", quick ? 2 : 10, 1, 3_600),
            WarmupSeconds: args.Number("warmup", quick ? 1 : 3, 0, 600),
            UseWrk: !args.Flag("no-wrk"),
            WrkThreads: args.Number("wrk-threads", 1, 1, 64),
            Root: args.Text("root"),
            Quick: quick);
        args.RejectUnknown();
        if (options.InFlight > options.Pairs)
        {
            throw new UsageException("--inflight cannot exceed --pairs: changes in flight at once must be on different pairs");
        }

        return options;
    }
}
