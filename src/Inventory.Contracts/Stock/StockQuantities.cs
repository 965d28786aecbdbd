namespace Inventory.Stock;

/// <summary>The quantities a movement changes.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockQuantities")]
public readonly record struct StockQuantities(
    [property: Id(0)] long OnHand,
    [property: Id(1)] long Committed,
    [property: Id(2)] long Damaged,
    [property: Id(3)] long SafetyStock);
