namespace Inventory.Stock;

/// <summary>
/// Checks one pair's retained movements, oldest first, against each other and against what the pair stores: each
/// movement follows the one before it (sequence one more, its quantities after = the previous ones after + its
/// deltas) and the last one is the pair's last (its sequence and quantities after are the stored ones). The first
/// retained movement is taken as it is: what came before it may have been deleted by retention. Pure: the
/// <c>verify</c> command and the tests feed it.
/// </summary>
public sealed class MovementChain
{
    private long? _sequence;
    private StockQuantities _after;
    private string? _problem;

    /// <summary>Takes the next movement (by sequence).</summary>
    public void Add(long sequence, StockQuantities delta, StockQuantities after)
    {
        if (_problem is null && _sequence is { } previous)
        {
            var expected = Plus(_after, delta);
            if (sequence != previous + 1)
            {
                _problem = $"movement {sequence} follows movement {previous}";
            }
            else if (after != expected)
            {
                _problem = $"movement {sequence} ends at {Describe(after)}, but {Describe(_after)} + its deltas is {Describe(expected)}";
            }
        }

        _sequence = sequence;
        _after = after;
    }

    /// <summary>What is wrong with the chain given the pair's stored quantities and last sequence, or null when nothing is.</summary>
    public string? Problem(StockQuantities stored, long storedSequence)
    {
        if (_problem is not null || _sequence is not { } last)
        {
            return _problem;
        }

        if (last != storedSequence)
        {
            return $"the movements end at {last}, but the pair's last movement is {storedSequence}";
        }

        return _after == stored ? null : $"the movements end at {Describe(_after)}, but the pair stores {Describe(stored)}";
    }

    private static StockQuantities Plus(StockQuantities a, StockQuantities b) =>
        new(a.OnHand + b.OnHand, a.Committed + b.Committed, a.Damaged + b.Damaged, a.SafetyStock + b.SafetyStock);

    private static string Describe(StockQuantities q) =>
        $"onHand {q.OnHand}, committed {q.Committed}, damaged {q.Damaged}, safetyStock {q.SafetyStock}";
}
