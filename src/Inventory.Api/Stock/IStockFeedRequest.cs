using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>The body of a feed write to one pair (a count, an adjustment, a receipt, a return).</summary>
public interface IStockFeedRequest : IValidatedRequest
{
    /// <summary>
    /// The field that dates the write in the warehouse (<c>asOf</c>, <c>occurredAt</c>): the one named when the pair
    /// finds it too far in the future (<see cref="StockFeedOutcome.FutureDated"/>).
    /// </summary>
    string DatedField { get; }

    /// <summary>
    /// Sends the write to the pair's grain, to apply only if the pair is at <paramref name="expectedVersion"/> when
    /// one is given; the request is valid by then.
    /// </summary>
    Task<StockFeedResult> SendAsync(IStockGrain pair, long? expectedVersion);
}
