using System.Collections.Concurrent;

namespace Inventory.Api.Availability;

/// <summary>
/// Pairs this node found not to exist (their stock grain had nothing stored), so asking for them again costs no grain
/// call. Bounded in time (<c>ttl</c>) and in number (<c>capacity</c>): when full, further pairs are not remembered
/// until entries expire. Thread-safe.
/// </summary>
public sealed class UnknownPairs(TimeProvider clock, TimeSpan ttl, int capacity)
{
    private readonly ConcurrentDictionary<StockKey, DateTimeOffset> _seenAt = new();
    private int _count;
    private long _nextPruneTicks;

    public int Count => Volatile.Read(ref _count);

    /// <summary>True if the pair was found not to exist within the TTL and not forgotten since.</summary>
    public bool Contains(StockKey key)
    {
        if (!_seenAt.TryGetValue(key, out var seenAt))
        {
            return false;
        }

        if (clock.GetUtcNow() - seenAt < ttl)
        {
            return true;
        }

        Remove(key, seenAt);
        return false;
    }

    public void Add(StockKey key)
    {
        var now = clock.GetUtcNow();
        if (ttl > TimeSpan.Zero && HasRoom(now) && _seenAt.TryAdd(key, now))
        {
            Interlocked.Increment(ref _count);
        }
    }

    /// <summary>The pair exists after all (a value of it arrived).</summary>
    public void Forget(StockKey key)
    {
        // The lock-free look first: nearly every pair forgotten here was never unknown.
        if (_seenAt.ContainsKey(key) && _seenAt.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private bool HasRoom(DateTimeOffset now)
    {
        if (Count < capacity)
        {
            return true;
        }

        // Full: drop the expired entries, at most once per TTL, since one scan is as long as the capacity.
        var next = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextPruneTicks, now.UtcTicks + ttl.Ticks, next) != next)
        {
            return false;
        }

        foreach (var (key, seenAt) in _seenAt)
        {
            if (now - seenAt >= ttl)
            {
                Remove(key, seenAt);
            }
        }

        return Count < capacity;
    }

    private void Remove(StockKey key, DateTimeOffset seenAt)
    {
        if (_seenAt.TryRemove(KeyValuePair.Create(key, seenAt)))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
