namespace Inventory.Availability;

/// <summary>How pairs are spread over <see cref="ICacheNodesGrain"/> shards: stable across processes and restarts.</summary>
public static class CacheShards
{
    /// <summary>Number of shards; every API node subscribes to all of them.</summary>
    public const int Count = 8;

    /// <summary>The shard of a pair (FNV-1a over its key; string.GetHashCode differs per process).</summary>
    public static int Of(StockKey key)
    {
        var hash = 2166136261u;
        foreach (var c in key.ToString())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }
}
