using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/returns</c>.</summary>
public sealed record StockReturnRequest(long? Quantity, bool? Restock, string? OperationId) : IValidatedRequest
{
    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Range("quantity", Quantity, 1, RequestValidation.MaxUnits)
            .Required("restock", Restock)
            .Code("operationId", OperationId);
    }

    public StockReturn ToReturn(long? expectedVersion) => new(Quantity!.Value, Restock!.Value, OperationId!) { ExpectedVersion = expectedVersion };
}
