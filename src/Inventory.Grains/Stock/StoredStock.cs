namespace Inventory.Stock;

/// <summary>A pair as stored: its row's version, the row, and the sealed hold pages the row lists.</summary>
public sealed record StoredStock(long Version, StockState Row, IReadOnlyDictionary<string, HoldPageState> Pages);
