using Inventory.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.Features;

namespace Inventory.Api.Problems;

/// <summary>
/// Gives the framework's own error responses (unknown route, wrong method, …) the API's stable problem types,
/// so every error a client can see carries one.
/// </summary>
internal static class ProblemDetailsDefaults
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Type is not null && !problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
        {
            return;
        }

        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        (problem.Type, problem.Title, problem.Detail) = status switch
        {
            404 => (ProblemTypes.RouteNotFound, "Not found", problem.Detail ?? $"No route matches {context.HttpContext.Request.Path}."),
            405 => (ProblemTypes.MethodNotAllowed, "Method not allowed", problem.Detail ?? $"{context.HttpContext.Request.Method} is not allowed here."),
            413 => (ProblemTypes.PayloadTooLarge, "Request body too large", problem.Detail),
            415 => (ProblemTypes.UnsupportedMediaType, "Unsupported media type", problem.Detail ?? "Send the body as application/json."),
            503 => (ProblemTypes.ServiceUnavailable, "Service temporarily unavailable", problem.Detail),
            >= 500 => (ProblemTypes.InternalError, "Internal error", "An unexpected error occurred."),
            _ => (ProblemTypes.MalformedRequest, problem.Title ?? "Bad request", problem.Detail),
        };

        if (context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity is { } activity)
        {
            problem.Extensions.TryAdd("traceId", activity.Id);
        }
    }
}
