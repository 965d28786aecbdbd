using System.Collections.Concurrent;
using Inventory.Availability;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Availability;

/// <summary>
/// This node's browse-path view of availability. Values only move forward in version, whether they arrive by push
/// or by a read from the stock grain, so a late read can never overwrite a newer push. It also remembers, briefly,
/// pairs found not to exist, so probes of them cost no grain call; any value of such a pair ends that at once.
/// Checkout never reads it.
/// </summary>
public sealed class AvailabilityCache(TimeProvider clock, IOptions<AvailabilityCacheOptions> settings)
{
    private readonly ConcurrentDictionary<StockKey, Entry> _entries = new();
    private readonly UnknownPairs _unknown = new(clock, settings.Value.UnknownTtl, settings.Value.MaxUnknownPairs);

    /// <summary>A cached value and when it was last known current.</summary>
    public sealed record Entry(AvailabilityUpdate Value, DateTimeOffset ConfirmedAt)
    {
        public TimeSpan Age(DateTimeOffset now) => now > ConfirmedAt ? now - ConfirmedAt : TimeSpan.Zero;
    }

    public int Count => _entries.Count;

    /// <summary>The cached value if it was confirmed within the TTL.</summary>
    public Entry? Fresh(StockKey key)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Age(clock.GetUtcNow()) < settings.Value.Ttl)
        {
            CacheMetrics.Hits.Add(1);
            return entry;
        }

        CacheMetrics.Misses.Add(1);
        return null;
    }

    /// <summary>True if the pair was found not to exist lately and nothing of it has been heard since: it is unknown.</summary>
    public bool IsUnknown(StockKey key)
    {
        if (!_unknown.Contains(key))
        {
            return false;
        }

        CacheMetrics.Hits.Add(1);
        return true;
    }

    /// <summary>Remembers that the pair's stock grain had nothing stored.</summary>
    public void RememberUnknown(StockKey key)
    {
        _unknown.Add(key);
        // The pair's first change may have been pushed while its grain was being asked: that value wins.
        if (_entries.ContainsKey(key))
        {
            _unknown.Forget(key);
        }
    }

    /// <summary>The last value this node knew, however old: served (marked stale) only when the cluster cannot answer.</summary>
    public Entry? LastKnown(StockKey key) => _entries.TryGetValue(key, out var entry) ? entry : null;

    /// <summary>Takes a value read from the stock grain, unless a newer one is cached.</summary>
    public Entry Remember(AvailabilityUpdate read) => Apply(read);

    /// <summary>Takes a pushed change, unless a newer one is cached; records the invalidation and its lag.</summary>
    public void Push(AvailabilityUpdate update)
    {
        var entry = Apply(update);
        if (entry.Value == update)
        {
            CacheMetrics.Invalidations.Add(1);
            CacheMetrics.InvalidationLag.Record((entry.ConfirmedAt - update.ChangedAt).TotalMilliseconds);
        }
    }

    private Entry Apply(AvailabilityUpdate update)
    {
        var now = clock.GetUtcNow();
        var entry = _entries.AddOrUpdate(
            update.Key,
            static (_, arg) => new Entry(arg.update, arg.now),
            static (_, current, arg) => arg.update.Version >= current.Value.Version ? new Entry(arg.update, arg.now) : current,
            (update, now));
        _unknown.Forget(update.Key);
        return entry;
    }
}
