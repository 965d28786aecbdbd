namespace Inventory.Api.Stock;

/// <summary>Body of <c>PUT /v1/stock/{location}/{sku}</c>: a warehouse count.</summary>
public sealed record StockCountRequest(long? OnHand, long? SafetyStock, DateTimeOffset? AsOf);
