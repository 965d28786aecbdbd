using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/receipts</c>.</summary>
public sealed record StockReceiptRequest(long? Quantity, string? OperationId) : IValidatedRequest
{
    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Range("quantity", Quantity, 1, RequestValidation.MaxUnits).Code("operationId", OperationId);
    }

    public StockReceipt ToReceipt(long? expectedVersion) => new(Quantity!.Value, OperationId!) { ExpectedVersion = expectedVersion };
}
