using System.Collections.Concurrent;

namespace Inventory.Channels;

/// <summary>
/// A receiver's view of the stock: the latest quantity and version per pair. <see cref="Apply"/> keeps an item only
/// when it is newer than what is held, so a retried or overtaken delivery never puts an old quantity back. Thread-safe.
/// </summary>
public sealed class ChannelStockView
{
    private readonly ConcurrentDictionary<(string Location, string Sku), ChannelItem> _items = new();
    private long _stale;

    /// <summary>Items not applied because the view already held that version or a newer one.</summary>
    public long StaleIgnored => Interlocked.Read(ref _stale);

    /// <summary>The latest item per pair.</summary>
    public IReadOnlyDictionary<(string Location, string Sku), ChannelItem> Items => _items;

    /// <summary>Applies the item when it is newer than the held one; false when it was stale and ignored.</summary>
    public bool Apply(ChannelItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = (item.Location, item.Sku);
        while (true)
        {
            if (!_items.TryGetValue(key, out var held))
            {
                if (_items.TryAdd(key, item))
                {
                    return true;
                }

                continue;
            }

            if (item.Version <= held.Version)
            {
                Interlocked.Increment(ref _stale);
                return false;
            }

            if (_items.TryUpdate(key, item, held))
            {
                return true;
            }
        }
    }
}
