namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/adjustments</c>.</summary>
public sealed record StockAdjustmentRequest(long? Delta, string? Reason, string? OperationId);
