namespace Inventory.Stock;

/// <summary>Bounds of the ops reads of <see cref="IStockQueryGrain"/>.</summary>
public static class StockQueryLimits
{
    /// <summary>Most movements or pairs one page may ask for.</summary>
    public const int MaxPageSize = 500;
}
