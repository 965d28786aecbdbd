using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>
/// Body of <c>POST /v1/stock/counts</c>: a warehouse count file, up to <see cref="MaxCounts"/> pairs a request.
/// <see cref="AsOf"/> is when the counts were taken; a count may give its own. Validated whole, so one bad or repeated
/// pair changes nothing.
/// </summary>
public sealed record StockCountBatchRequest(DateTimeOffset? AsOf, IReadOnlyList<StockCountBatchItem?>? Counts) : IValidatedRequest
{
    /// <summary>Most counts one request may carry (about 110 KB of JSON, well under the body limit).</summary>
    public const int MaxCounts = 1_000;

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var items = Counts ?? [];
        if (items.Count is 0 or > MaxCounts)
        {
            validation.Error("counts", $"must list 1 to {MaxCounts} counts");
        }

        var latest = FeedClock.Latest(services);
        validation.NotAfter("asOf", AsOf, latest);
        var seen = new HashSet<StockKey>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"counts[{i}]";
            validation.Code($"{at}.location", item?.Location).Code($"{at}.sku", item?.Sku)
                .Range($"{at}.onHand", item?.OnHand, 0, RequestValidation.MaxUnits)
                .Range($"{at}.safetyStock", item?.SafetyStock, 0, RequestValidation.MaxUnits, required: false)
                .Required($"{at}.asOf", item?.AsOf ?? AsOf)
                .NotAfter($"{at}.asOf", item?.AsOf, latest);
            // Repeats are looked for only while every count so far is valid: a key is known only then.
            if (validation.IsValid && !seen.Add(new StockKey(item!.Location!, item.Sku!)))
            {
                validation.Error(at, $"counts SKU '{item.Sku}' at '{item.Location}' a second time");
            }
        }
    }

    /// <summary>Each pair's count, in the order sent; valid once the request passed validation.</summary>
    public (StockKey Key, StockCount Count)[] ToCounts() =>
        [.. Counts!.Select(item => (new StockKey(item!.Location!, item.Sku!), new StockCount(item.OnHand!.Value, item.SafetyStock, (item.AsOf ?? AsOf)!.Value)))];
}

/// <summary>One pair's count in a <see cref="StockCountBatchRequest"/>.</summary>
public sealed record StockCountBatchItem(string? Location, string? Sku, long? OnHand, long? SafetyStock, DateTimeOffset? AsOf);
