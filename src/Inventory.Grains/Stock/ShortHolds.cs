namespace Inventory.Stock;

/// <summary>
/// Which holds are short when a pair has fewer units on hand than it holds and sold: sold units are served first,
/// then holds oldest first (by <see cref="HeldUnits.Placed"/>, then id); the holds beyond what is left are short.
/// Pure.
/// </summary>
public static class ShortHolds
{
    public static HashSet<string> Of(StockState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var covered = Math.Max(0, state.OnHand - state.Committed);
        var shortHolds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, hold) in state.Holds.OrderBy(h => h.Value.Placed).ThenBy(h => h.Key, StringComparer.Ordinal))
        {
            if (hold.Quantity <= covered)
            {
                covered -= hold.Quantity;
            }
            else
            {
                // Later holds are not served before this one, even if a smaller one would fit: oldest first.
                covered = 0;
                shortHolds.Add(id);
            }
        }

        return shortHolds;
    }
}
