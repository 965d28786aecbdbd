namespace Inventory.Stock;

/// <summary>
/// A pair as stored: its row's version, the row, and the sealed hold pages the row lists. The version is the storage's
/// own (one more per write, for <see cref="StoredStockWrite.ExpectedVersion"/>), not the pair's <see cref="StockState.Version"/>.
/// </summary>
public sealed record StoredStock(long Version, StockState Row, IReadOnlyDictionary<string, HoldPageState> Pages);
