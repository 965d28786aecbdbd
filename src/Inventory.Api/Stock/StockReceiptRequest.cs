using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/receipts</c>.</summary>
public sealed record StockReceiptRequest(long? Quantity, string? OperationId, DateTimeOffset? OccurredAt = null) : IStockFeedRequest
{
    public string DatedField => "occurredAt";

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Range("quantity", Quantity, 1, RequestValidation.MaxUnits).Code("operationId", OperationId)
            .NotAfter("occurredAt", OccurredAt, FeedClock.Latest(services));
    }

    public Task<StockFeedResult> SendAsync(IStockGrain pair, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.ReceiveAsync(new StockReceipt(Quantity!.Value, OperationId!) { ExpectedVersion = expectedVersion, OccurredAt = OccurredAt });
    }
}
