using Inventory.Api.Problems;
using Microsoft.AspNetCore.Mvc;

namespace Inventory.Api.Stock;

/// <summary>The pair a route names (<c>…/{location}/{sku}</c>), bound with <c>[AsParameters]</c>.</summary>
public sealed class StockPair : IValidatedRequest
{
    [FromRoute(Name = "location")]
    public required string Location { get; init; }

    [FromRoute(Name = "sku")]
    public required string Sku { get; init; }

    /// <summary>The pair's key; valid once the request passed validation.</summary>
    public StockKey Key => new(Location, Sku);

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Code("location", Location).Code("sku", Sku);
    }
}
