namespace Inventory.Stock;

/// <summary>Reply to a reservation line operation on a stock grain.</summary>
[GenerateSerializer, Immutable, Alias("inventory.LineResult")]
public sealed record LineResult(
    [property: Id(0)] LineOutcome Outcome,
    [property: Id(1)] long Version);
