namespace Inventory.Api.Stock;

/// <summary>
/// Body of <c>POST /v1/stock/counts</c>: a warehouse count file, up to <see cref="MaxCounts"/> pairs a request.
/// <see cref="AsOf"/> is when the counts were taken; a count may give its own.
/// </summary>
public sealed record StockCountBatchRequest(DateTimeOffset? AsOf, IReadOnlyList<StockCountBatchItem?>? Counts)
{
    /// <summary>Most counts one request may carry (about 110 KB of JSON, well under the body limit).</summary>
    public const int MaxCounts = 1_000;
}

/// <summary>One pair's count in a <see cref="StockCountBatchRequest"/>.</summary>
public sealed record StockCountBatchItem(string? Location, string? Sku, long? OnHand, long? SafetyStock, DateTimeOffset? AsOf);
