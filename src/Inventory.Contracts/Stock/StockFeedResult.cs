namespace Inventory.Stock;

/// <summary>Reply to a warehouse feed operation: the outcome and the pair afterwards.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockFeedResult")]
public sealed record StockFeedResult(
    [property: Id(0)] StockFeedOutcome Outcome,
    [property: Id(1)] StockSnapshot Snapshot,
    [property: Id(2)] string? Reason = null);
