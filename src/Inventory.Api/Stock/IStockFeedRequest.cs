using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>The body of a feed write to one pair (a count, an adjustment, a receipt, a return).</summary>
public interface IStockFeedRequest : IValidatedRequest
{
    /// <summary>
    /// Sends the write to the pair's grain, to apply only if the pair is at <paramref name="expectedVersion"/> when
    /// one is given; the request is valid by then.
    /// </summary>
    Task<StockFeedResult> SendAsync(IStockGrain pair, long? expectedVersion);
}
