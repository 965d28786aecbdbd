namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/returns</c>.</summary>
public sealed record StockReturnRequest(long? Quantity, bool? Restock, string? OperationId);
