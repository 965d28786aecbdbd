namespace Inventory.Channels;

/// <summary>
/// The delivery bookkeeping of one channel, as pure rules: per pair only the latest version waits (coalescing);
/// pairs leave in the order they first queued; a failed delivery puts its updates back unless a newer version came
/// in meanwhile, and an update that failed <c>parkAfterFailures</c> times is parked instead of retried forever.
/// Parked updates stay visible until the pair gets an equal or newer version delivered.
/// </summary>
public sealed class ChannelQueue
{
    private readonly int _parkAfterFailures;
    private readonly Dictionary<StockKey, Waiting> _waiting = [];
    private readonly Queue<StockKey> _order = new();
    private readonly Dictionary<StockKey, Waiting> _inFlight = [];
    private readonly Dictionary<StockKey, long> _acknowledged = [];
    private readonly Dictionary<StockKey, ParkedUpdate> _parked;

    public ChannelQueue(int parkAfterFailures, IEnumerable<ParkedUpdate>? parked = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parkAfterFailures, 1);
        _parkAfterFailures = parkAfterFailures;
        _parked = (parked ?? []).ToDictionary(p => p.Update.Key);
    }

    /// <summary>Pairs waiting for a delivery.</summary>
    public int Depth => _waiting.Count;

    /// <summary>Pairs taken by the delivery under way.</summary>
    public int InFlight => _inFlight.Count;

    public IReadOnlyCollection<ParkedUpdate> Parked => _parked.Values;

    /// <summary>Queues the update unless the channel already has, or is about to get, this version or a newer one.</summary>
    public bool Offer(ChannelUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (IsCovered(update.Key, update.Version))
        {
            return false;
        }

        if (!_waiting.ContainsKey(update.Key))
        {
            _order.Enqueue(update.Key);
        }

        _waiting[update.Key] = new Waiting(update, 0);
        return true;
    }

    /// <summary>True when the channel acknowledged, or is being sent, or has queued this version or a newer one.</summary>
    public bool IsCovered(StockKey key, long version) =>
        (_acknowledged.TryGetValue(key, out var acknowledged) && acknowledged >= version)
        || (_waiting.TryGetValue(key, out var waiting) && waiting.Update.Version >= version)
        || (_inFlight.TryGetValue(key, out var flying) && flying.Update.Version >= version);

    /// <summary>Takes up to <paramref name="max"/> waiting updates for one delivery.</summary>
    public IReadOnlyList<ChannelUpdate> Take(int max)
    {
        var batch = new List<ChannelUpdate>(Math.Min(max, _waiting.Count));
        while (batch.Count < max && _order.TryDequeue(out var key))
        {
            if (_waiting.Remove(key, out var waiting))
            {
                _inFlight[key] = waiting;
                batch.Add(waiting.Update);
            }
        }

        return batch;
    }

    /// <summary>The channel acknowledged the batch; returns how many parked updates that made obsolete.</summary>
    public int Delivered(IEnumerable<ChannelUpdate> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var unparked = 0;
        foreach (var update in batch)
        {
            _inFlight.Remove(update.Key);
            _acknowledged[update.Key] = Math.Max(update.Version, _acknowledged.GetValueOrDefault(update.Key));
            if (_parked.TryGetValue(update.Key, out var parked) && parked.Update.Version <= update.Version)
            {
                _parked.Remove(update.Key);
                unparked++;
            }
        }

        return unparked;
    }

    /// <summary>The batch failed; returns the updates parked by this failure (the rest wait for another try).</summary>
    public IReadOnlyList<ParkedUpdate> Failed(IEnumerable<ChannelUpdate> batch, string error, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var parked = new List<ParkedUpdate>();
        foreach (var update in batch)
        {
            if (!_inFlight.Remove(update.Key, out var failed))
            {
                continue;
            }

            if (_waiting.ContainsKey(update.Key))
            {
                continue; // a newer version came in meanwhile and goes instead
            }

            var failures = failed.Failures + 1;
            if (failures >= _parkAfterFailures)
            {
                var parkedUpdate = new ParkedUpdate(update, failures, error, now);
                _parked[update.Key] = parkedUpdate;
                parked.Add(parkedUpdate);
            }
            else
            {
                _waiting[update.Key] = failed with { Failures = failures };
                _order.Enqueue(update.Key);
            }
        }

        return parked;
    }

    /// <summary>When the oldest change not yet acknowledged became durable; null when nothing waits.</summary>
    public DateTimeOffset? OldestUnacknowledged()
    {
        DateTimeOffset? oldest = null;
        foreach (var waiting in _waiting.Values.Concat(_inFlight.Values))
        {
            if (oldest is null || waiting.Update.ChangedAt < oldest)
            {
                oldest = waiting.Update.ChangedAt;
            }
        }

        return oldest;
    }

    private sealed record Waiting(ChannelUpdate Update, int Failures);
}
