using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>Answer to a feed write: <c>applied</c>, or why it was ignored (<c>duplicate</c>, <c>stale</c>), and the pair afterwards.</summary>
public sealed record StockFeedResponse(StockFeedOutcome Outcome, string? Reason, StockResponse Stock)
{
    public static StockFeedResponse From(StockFeedResult result) => new(result.Outcome, result.Reason, StockResponse.From(result.Snapshot));
}
