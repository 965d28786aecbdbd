namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/receipts</c>.</summary>
public sealed record StockReceiptRequest(long? Quantity, string? OperationId);
