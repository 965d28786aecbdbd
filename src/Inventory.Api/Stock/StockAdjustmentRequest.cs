using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/adjustments</c>.</summary>
public sealed record StockAdjustmentRequest(long? Delta, string? Reason, string? OperationId) : IStockFeedRequest
{
    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Range("delta", Delta, -RequestValidation.MaxUnits, RequestValidation.MaxUnits)
            .Text("reason", Reason, 200)
            .Code("operationId", OperationId);
        if (Delta == 0)
        {
            validation.Error("delta", "must not be 0");
        }
    }

    public Task<StockFeedResult> SendAsync(IStockGrain pair, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.AdjustAsync(new StockAdjustment(Delta!.Value, Reason!, OperationId!) { ExpectedVersion = expectedVersion });
    }
}
