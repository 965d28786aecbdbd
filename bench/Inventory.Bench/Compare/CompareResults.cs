using Inventory.Bench.Http;

namespace Inventory.Bench.Compare;

/// <summary>What one <c>compare</c> run measured, gathered for the report; a workload that did not run leaves its part empty.</summary>
public sealed class CompareResults
{
    /// <summary>The H and U cells in the order they ran: the C# driver at every client count, then wrk at the highest.</summary>
    public List<Cell> Cells { get; } = [];

    /// <summary>The hot pair right after the H cells, per target that keeps stock.</summary>
    public Dictionary<string, HotPair> Hot { get; } = new(StringComparer.Ordinal);

    /// <summary>The service's hot pair as stored, read after a restart.</summary>
    public StockQuantities? HotStored { get; set; }

    /// <summary>Seeding the service with U's pairs.</summary>
    public PairWorkResult? Seed { get; set; }

    /// <summary>S per target.</summary>
    public Dictionary<string, SellOut> SellOuts { get; } = new(StringComparer.Ordinal);

    public PeerResult? DirectPgSellOut { get; set; }

    public PeerResult? DirectRedisSellOut { get; set; }

    /// <summary>The service's sell-out pair as stored, read after a restart.</summary>
    public StockQuantities? SellOutStored { get; set; }

    public Feed? FeedBurst { get; set; }

    public Memory? MemoryUse { get; set; }

    /// <summary>The connection limit the run's PostgreSQL had (<c>SHOW max_connections</c>).</summary>
    public string? PostgresMaxConnections { get; set; }

    /// <summary>Why the wrk cells are missing although <c>--wrk</c> asked for them.</summary>
    public string? WrkNote { get; set; }

    /// <summary>One workload at one client count and driver: a result per target (by key), and the direct peers' lines.</summary>
    public sealed record Cell(string Workload, int Clients, string Driver, IReadOnlyDictionary<string, LoadResult> Targets, PeerResult? DirectPg, PeerResult? DirectRedis)
    {
        /// <summary>How the report names the cell's workload: <c>H</c>, or <c>H (wrk)</c> when wrk drove it.</summary>
        public string Label => Driver == WrkDriverName ? $"{Workload} (wrk)" : Workload;

        public LoadResult? Of(string key) => Targets.GetValueOrDefault(key);
    }

    /// <summary>Holds acknowledged with 201 on the hot pair (warm-up included) and the pair afterwards.</summary>
    public sealed record HotPair(long Acknowledged, StockQuantities? After);

    /// <summary>The sell-out on one target: its fresh pair, the attempts' outcome, and the pair right afterwards (null on the HTTP ceiling).</summary>
    public sealed record SellOut(StockPair Pair, LoadResult Sold, StockQuantities? Live);

    public sealed record Feed(PairWorkResult Work, LoadResult During, LoadResult IdleU);

    public sealed record Memory(int Pairs, PairWorkResult Activation, long RssBefore, long RssAfter)
    {
        public double BytesPerGrain => (RssAfter - RssBefore) / (double)Pairs;
    }

    public const string CSharpDriverName = "C#";
    public const string WrkDriverName = "wrk";
}
