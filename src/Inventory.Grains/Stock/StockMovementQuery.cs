namespace Inventory.Stock;

/// <summary>Which movements to read: after a sequence oldest first, or before one newest first.</summary>
public sealed record StockMovementQuery(long? After, long? Before, int Limit, bool NewestFirst);
