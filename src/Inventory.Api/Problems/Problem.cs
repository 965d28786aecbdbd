using Inventory.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inventory.Api.Problems;

/// <summary>Builds the API's problem results so every endpoint words them the same way.</summary>
public static class Problem
{
    public static ProblemHttpResult Of(int status, string type, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type, extensions: extensions);

    public static ProblemHttpResult StockNotFound(StockKey key) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.StockNotFound, "Unknown stock pair",
            $"No stock is recorded for SKU '{key.Sku}' at location '{key.Location}'.");

    public static ProblemHttpResult ReservationNotFound(string id) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.ReservationNotFound, "Unknown reservation", $"No reservation has id '{id}'.");

    public static ProblemHttpResult ChannelNotFound(string name) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.ChannelNotFound, "Unknown channel", $"No sales channel named '{name}' is configured.");
}
