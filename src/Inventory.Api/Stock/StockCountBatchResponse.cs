using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>
/// Answer to <c>POST /v1/stock/counts</c>: how many counts were applied and how many ignored (a newer or the same
/// count was already applied), and each pair's outcome and version, in the order sent.
/// </summary>
public sealed record StockCountBatchResponse(int Applied, int Ignored, IReadOnlyList<StockCountBatchResult> Results);

/// <summary>One pair's outcome in a <see cref="StockCountBatchResponse"/>.</summary>
public sealed record StockCountBatchResult(string Location, string Sku, StockFeedOutcome Outcome, string? Reason, long Version);
