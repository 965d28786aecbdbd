using Inventory.Api.Problems;
using Inventory.Stock;
using Microsoft.AspNetCore.Mvc;

namespace Inventory.Api.Stock;

/// <summary>
/// The query of <c>GET …/movements</c>, bound with <c>[AsParameters]</c>. Read as text and checked here, so a bad value
/// is a 400 naming its field rather than a binding failure.
/// </summary>
public sealed class StockMovementsQuery : IValidatedRequest
{
    /// <summary>Movements per page unless <c>limit</c> says otherwise.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Continue after this sequence, in the page's order (older than it with <c>latest=true</c>).</summary>
    [FromQuery(Name = "after")]
    public string? After { get; init; }

    /// <summary>1 to 500 movements; 100 if absent.</summary>
    [FromQuery(Name = "limit")]
    public string? Limit { get; init; }

    /// <summary><c>true</c>: newest first.</summary>
    [FromQuery(Name = "latest")]
    public string? Latest { get; init; }

    /// <summary>The storage query; valid once the request passed validation.</summary>
    public StockMovementQuery ToQuery()
    {
        var validation = new RequestValidation();
        var after = validation.WholeNumber("after", After, 0, long.MaxValue);
        var limit = (int)(validation.WholeNumber("limit", Limit, 1, StockQueryLimits.MaxPageSize) ?? DefaultLimit);
        // "after" always means "continue after this one in the page's order", so a client passes next back unchanged.
        return validation.Boolean("latest", Latest) == true
            ? new StockMovementQuery(null, after, limit, NewestFirst: true)
            : new StockMovementQuery(after, null, limit, NewestFirst: false);
    }

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.WholeNumber("after", After, 0, long.MaxValue);
        validation.WholeNumber("limit", Limit, 1, StockQueryLimits.MaxPageSize);
        validation.Boolean("latest", Latest);
    }
}
