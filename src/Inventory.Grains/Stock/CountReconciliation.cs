namespace Inventory.Stock;

/// <summary>
/// How much onHand changed after a count's <c>asOf</c>: what storage summed through a durable sequence, plus the
/// movements recorded since (kept here until durable and <see cref="StockOptions.RecentInMemory"/> old). Pure and
/// single-threaded; <see cref="StockLedger"/> owns one.
/// </summary>
public sealed class CountReconciliation
{
    private readonly List<StockMovement> _recent = [];
    private (DateTimeOffset AsOf, long Through, long Sum)? _stored;

    /// <summary>Takes a movement just recorded.</summary>
    public void Recorded(StockMovement movement) => _recent.Add(movement);

    /// <summary>Takes what storage summed after <paramref name="asOf"/> through <paramref name="through"/>.</summary>
    public void Stored(DateTimeOffset asOf, long through, long sum) => _stored = (asOf, through, sum);

    /// <summary>
    /// Σ onHand deltas of the movements that occurred after <paramref name="asOf"/>, or null when storage must be asked
    /// (again): <paramref name="state"/> says when onHand last changed and what was recorded last.
    /// </summary>
    public long? OnHandChangedAfter(DateTimeOffset asOf, StockState state)
    {
        if (state.LastOnHandOccurredAt is not { } latest || latest <= asOf)
        {
            return 0;
        }

        if (_stored is not { } stored || stored.AsOf != asOf)
        {
            return null;
        }

        // Storage summed through a durable sequence; memory must still have every movement after it.
        var oldestInMemory = _recent.Count > 0 ? _recent[0].Sequence : state.MovementSequence + 1;
        if (stored.Through < state.MovementSequence && oldestInMemory > stored.Through + 1)
        {
            return null;
        }

        var sum = stored.Sum;
        foreach (var movement in _recent)
        {
            if (movement.Sequence > stored.Through && movement.OccurredAt > asOf)
            {
                sum += movement.Delta.OnHand;
            }
        }

        return sum;
    }

    /// <summary>Forgets movements that are durable and were recorded before <paramref name="cutoff"/>.</summary>
    public void ForgetBefore(DateTimeOffset cutoff, long durableSequence) =>
        _recent.RemoveAll(m => m.Sequence <= durableSequence && m.RecordedAt < cutoff);
}
