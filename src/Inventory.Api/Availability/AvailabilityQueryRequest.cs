using Inventory.Api.Problems;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Availability;

/// <summary>Body of <c>POST /v1/availability/query</c>: the pairs of a cart or a category page.</summary>
public sealed record AvailabilityQueryRequest(IReadOnlyList<AvailabilityQueryItem?>? Items) : IValidatedRequest
{
    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var limit = services.GetRequiredService<IOptions<AvailabilityCacheOptions>>().Value.MaxQueryItems;
        var items = Items ?? [];
        if (items.Count == 0 || items.Count > limit)
        {
            validation.Error("items", $"must list 1 to {limit} pairs");
        }

        for (var i = 0; i < items.Count && validation.IsValid; i++)
        {
            validation.Code($"items[{i}].location", items[i]?.Location).Code($"items[{i}].sku", items[i]?.Sku);
        }
    }

    /// <summary>The pairs asked for, in order; valid once the request passed validation.</summary>
    public StockKey[] Keys() => [.. Items!.Select(item => new StockKey(item!.Location!, item.Sku!))];
}

/// <summary>One pair asked for.</summary>
public sealed record AvailabilityQueryItem(string? Location, string? Sku);
