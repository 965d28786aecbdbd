namespace Inventory.Stock;

/// <summary>Which movements of a pair to read: after a sequence oldest first, or before one newest first; 1 to 500 of them.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockMovementQuery")]
public sealed record StockMovementQuery(
    [property: Id(0)] long? After,
    [property: Id(1)] long? Before,
    [property: Id(2)] int Limit,
    [property: Id(3)] bool NewestFirst);
