using System.Diagnostics;
using Inventory.Stock;

namespace Inventory.Silo.Storage;

/// <summary>
/// One pair's write as the stock tables store it, with everything serialized and computed when the write was handed
/// over (see <see cref="StockStorage.WriteAsync"/>); answered with the row's new version, or failed.
/// </summary>
internal sealed class EncodedStockWrite(StockKey key, long? expected, EncodedStockRow row) : IBatchItem
{
    public StockKey Key { get; } = key;

    /// <summary>The grain key of the pair's row in <c>orleansstorage</c> from before the stock tables, deleted when the pair's row is first stored.</summary>
    public string LegacyKey { get; } = key.ToString();

    public long? Expected { get; } = expected;

    public EncodedStockRow Row { get; } = row;

    public required ActivityContext Caller { get; init; }

    public required IReadOnlyList<EncodedPage> Pages { get; init; }

    public required IReadOnlyList<string> DroppedPages { get; init; }

    public required IReadOnlyList<StockMovement> Movements { get; init; }

    public required IReadOnlyList<EncodedOrder> OpenedOrders { get; init; }

    public required IReadOnlyList<string> EndedOrders { get; init; }

    public required IReadOnlyList<EncodedClosed> Closed { get; init; }

    /// <summary>The serialized bytes it stores: the row's state, the sealed pages, the orders' holds.</summary>
    public int Bytes => Row.State.Length + Pages.Sum(p => p.Holds.Length) + OpenedOrders.Sum(o => o.Hold.Length);

    public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Fail(Exception exception) => Done.TrySetException(exception);
}
