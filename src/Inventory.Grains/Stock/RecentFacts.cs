namespace Inventory.Stock;

/// <summary>
/// What a pair remembers to answer repeats at once, each fact with the time it was remembered, for
/// <see cref="StockOptions.RecentInMemory"/>: open orders, how reservations ended (or that storage has nothing of
/// them), and feed operations (applied, or looked up and not). Older facts are forgotten; storage keeps them all, and
/// <see cref="StockLedger"/> looks them up again when a decision rests on them. Pure and single-threaded.
/// </summary>
public sealed class RecentFacts
{
    private readonly Dictionary<string, (StockOrder Order, DateTimeOffset At)> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (StockChangeCause? How, DateTimeOffset At)> _ended = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (bool Applied, DateTimeOffset At)> _operations = new(StringComparer.Ordinal);

    /// <summary>Whether an order or an end of <paramref name="reservationId"/> is remembered (including "nothing stored").</summary>
    public bool KnowsReservation(string reservationId) => _orders.ContainsKey(reservationId) || _ended.ContainsKey(reservationId);

    public bool KnowsOperation(string operationId) => _operations.ContainsKey(operationId);

    public bool HasOrder(string reservationId) => _orders.ContainsKey(reservationId);

    /// <summary>Forgets the open order of <paramref name="reservationId"/> and hands it out, if one is remembered.</summary>
    public bool TryTakeOrder(string reservationId, out StockOrder order)
    {
        var found = _orders.Remove(reservationId, out var known);
        order = known.Order;
        return found;
    }

    public void Opened(StockOrder order, DateTimeOffset rememberedAt) => _orders[order.ReservationId] = (order, rememberedAt);

    /// <summary>How the reservation ended here (null: not ended, or nothing stored of it).</summary>
    public StockChangeCause? EndedAs(string reservationId) => _ended.TryGetValue(reservationId, out var ended) ? ended.How : null;

    /// <summary>Remembers how the reservation ended; null: storage has nothing of it.</summary>
    public void Ended(string reservationId, StockChangeCause? how, DateTimeOffset rememberedAt) => _ended[reservationId] = (how, rememberedAt);

    /// <summary>The reservation holds again (a new hold, or a commit taken back): it has not ended.</summary>
    public void Reopened(string reservationId) => _ended.Remove(reservationId);

    public bool IsApplied(string operationId) => _operations.TryGetValue(operationId, out var known) && known.Applied;

    public void Operation(string operationId, bool applied, DateTimeOffset rememberedAt) => _operations[operationId] = (applied, rememberedAt);

    /// <summary>Forgets what was remembered before <paramref name="cutoff"/>: storage has each of it once its write is durable.</summary>
    public void ForgetBefore(DateTimeOffset cutoff)
    {
        RemoveOlderThan(_ended, cutoff, e => e.At);
        RemoveOlderThan(_operations, cutoff, o => o.At);
        RemoveOlderThan(_orders, cutoff, o => o.At);
    }

    private static void RemoveOlderThan<T>(Dictionary<string, T> entries, DateTimeOffset cutoff, Func<T, DateTimeOffset> time)
    {
        foreach (var (id, entry) in entries)
        {
            if (time(entry) < cutoff)
            {
                entries.Remove(id);
            }
        }
    }
}
