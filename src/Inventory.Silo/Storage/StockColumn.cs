namespace Inventory.Silo.Storage;

/// <summary>One column of a stock table and where its value comes from, for statements written once for every column.</summary>
/// <param name="KeepStoredWhenNull">An update leaves the stored value when the new one is null.</param>
internal sealed record StockColumn<T>(string Name, StockColumnType Type, Func<T, object?> Value, bool KeepStoredWhenNull = false);
