namespace Inventory.Stock;

/// <summary>What a storefront shows for a pair.</summary>
public enum AvailabilityStatus
{
    /// <summary>More than the low-stock threshold is available.</summary>
    InStock = 0,

    /// <summary>Some is available, at or below the low-stock threshold.</summary>
    Low = 1,

    /// <summary>Nothing is available for sale.</summary>
    OutOfStock = 2,
}
