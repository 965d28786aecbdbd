using Inventory.Bench.Http;

namespace Inventory.Bench.Cache;

/// <summary>Puts the benchmark's pairs in stock and into every node's cache.</summary>
public static class WarmPairs
{
    private const long InitialOnHand = 1_000;

    /// <summary>A warehouse count per pair through <paramref name="api"/>, a few at a time.</summary>
    public static Task SeedAsync(InventoryApi api, IReadOnlyList<StockPair> pairs, CancellationToken cancellation)
    {
        var asOf = DateTimeOffset.UtcNow;
        return Parallel.ForEachAsync(pairs, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation },
            async (pair, token) => await api.SetCountAsync(pair, InitialOnHand, asOf, token));
    }

    /// <summary>Reads every pair once on each node, so each node's cache holds them all.</summary>
    public static async Task WarmAsync(IEnumerable<InventoryApi> nodes, IReadOnlyList<StockPair> pairs, CancellationToken cancellation)
    {
        foreach (var node in nodes)
        {
            await Parallel.ForEachAsync(pairs, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellation },
                async (pair, token) => await node.AvailabilityVersionAsync(pair, new byte[4096], token));
        }
    }
}
