using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>The quantities a movement changed (its delta) or left behind (after).</summary>
public sealed record MovementQuantities(long OnHand, long Committed, long Damaged, long SafetyStock)
{
    public static MovementQuantities From(StockQuantities q) => new(q.OnHand, q.Committed, q.Damaged, q.SafetyStock);
}
