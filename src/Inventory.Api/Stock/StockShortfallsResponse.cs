namespace Inventory.Api.Stock;

/// <summary>
/// A page of the pairs in shortfall, by location then SKU, and where the next one starts: pass <see cref="Next"/>
/// (<c>location/sku</c>) back as <c>after</c>; null at the end.
/// </summary>
public sealed record StockShortfallsResponse(IReadOnlyList<StockResponse> Items, string? Next);
