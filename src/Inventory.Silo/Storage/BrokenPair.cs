namespace Inventory.Silo.Storage;

/// <summary>A pair whose movements do not chain or do not end at its stored quantities, and what is wrong.</summary>
public sealed record BrokenPair(StockKey Key, string Problem);
