using Inventory.Api.Problems;
using Inventory.Stock;
using Microsoft.AspNetCore.Mvc;

namespace Inventory.Api.Stock;

/// <summary>
/// The query of <c>GET /v1/stock/shortfalls</c>, bound with <c>[AsParameters]</c> and checked here, so a bad value is a
/// 400 naming its field.
/// </summary>
public sealed class StockShortfallsQuery : IValidatedRequest
{
    /// <summary>Pairs per page unless <c>limit</c> says otherwise.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Only this location's pairs.</summary>
    [FromQuery(Name = "location")]
    public string? Location { get; init; }

    /// <summary>Continue after this pair (<c>location/sku</c>, as <c>next</c> gave it).</summary>
    [FromQuery(Name = "after")]
    public string? After { get; init; }

    /// <summary>1 to 500 pairs; 100 if absent.</summary>
    [FromQuery(Name = "limit")]
    public string? Limit { get; init; }

    /// <summary>The pair to continue after; valid once the request passed validation.</summary>
    public StockKey? AfterKey => After is null ? null : StockKey.Parse(After);

    /// <summary>The page size; valid once the request passed validation.</summary>
    public int PageSize => (int)(new RequestValidation().WholeNumber("limit", Limit, 1, StockQueryLimits.MaxPageSize) ?? DefaultLimit);

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Code("location", Location, required: false);
        if (After is not null && !StockKey.TryParse(After, out _))
        {
            validation.Error("after", "must be a pair as 'next' gives it: location/sku");
        }

        validation.WholeNumber("limit", Limit, 1, StockQueryLimits.MaxPageSize);
    }
}
