using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>Body of <c>PUT /v1/stock/{location}/{sku}</c>: a warehouse count.</summary>
public sealed record StockCountRequest(long? OnHand, long? SafetyStock, DateTimeOffset? AsOf) : IStockFeedRequest
{
    public string DatedField => "asOf";

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Range("onHand", OnHand, 0, RequestValidation.MaxUnits)
            .Range("safetyStock", SafetyStock, 0, RequestValidation.MaxUnits, required: false)
            .Required("asOf", AsOf)
            .NotAfter("asOf", AsOf, FeedClock.Latest(services));
    }

    public Task<StockFeedResult> SendAsync(IStockGrain pair, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.SetCountAsync(new StockCount(OnHand!.Value, SafetyStock, AsOf!.Value) { ExpectedVersion = expectedVersion });
    }
}
