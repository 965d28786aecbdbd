namespace Inventory.Stock;

/// <summary>A page of a pair's movements and the sequence to continue from (null at the end).</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockMovementPage")]
public sealed record StockMovementPage(
    [property: Id(0)] IReadOnlyList<StockMovement> Items,
    [property: Id(1)] long? Next);
