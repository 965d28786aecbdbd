using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/returns</c>.</summary>
public sealed record StockReturnRequest(long? Quantity, bool? Restock, string? OperationId, DateTimeOffset? OccurredAt = null) : IStockFeedRequest
{
    public string DatedField => "occurredAt";

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Range("quantity", Quantity, 1, RequestValidation.MaxUnits)
            .Required("restock", Restock)
            .Code("operationId", OperationId)
            .NotAfter("occurredAt", OccurredAt, FeedClock.Latest(services));
    }

    public Task<StockFeedResult> SendAsync(IStockGrain pair, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.ReturnAsync(new StockReturn(Quantity!.Value, Restock!.Value, OperationId!) { ExpectedVersion = expectedVersion, OccurredAt = OccurredAt });
    }
}
