namespace Inventory.Stock;

/// <summary>The fixed list of reasons an adjustment may give.</summary>
public static class AdjustmentReasons
{
    /// <summary>Every reason code, as the API takes it.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["correction", "cycle-count", "damaged", "shrinkage", "theft", "received", "restock", "promotion", "other"];

    /// <summary>Whether <paramref name="reason"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string? reason) => reason is not null && All.Contains(reason, StringComparer.Ordinal);
}
