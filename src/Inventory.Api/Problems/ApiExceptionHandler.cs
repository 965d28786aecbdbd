using System.Text.Json;
using Inventory.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Inventory.Api.Problems;

/// <summary>
/// Turns every exception into problem details: unreadable requests into 4xx, a cluster or storage that cannot answer
/// right now into 503 with Retry-After (the caller repeats the request, which completes whatever part of it took
/// effect), anything else into a logged 500.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a caller should wait before retrying after a 503.</summary>
    public const int RetryAfterSeconds = 1;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(exception);
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            LogUnavailable(exception, httpContext.Request.Method, httpContext.Request.Path);
        }
        else if (problem.Status == StatusCodes.Status500InternalServerError)
        {
            LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Describe(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            New(413, ProblemTypes.PayloadTooLarge, "Request body too large", "The request body exceeds the size limit."),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            New(415, ProblemTypes.UnsupportedMediaType, "Unsupported media type", "Send the body as application/json."),
        BadHttpRequestException bad => New(400, ProblemTypes.MalformedRequest, "Malformed request", DescribeBadRequest(bad)),
        Hosting.ClusterTimeoutException timeout => New(503, ProblemTypes.ServiceUnavailable, "Service temporarily unavailable",
            $"The inventory cluster did not answer within {timeout.Budget.TotalMilliseconds:0} ms. The request may still take effect: " +
            "retry it unchanged (same reservation id or Idempotency-Key), which never applies it twice."),
        _ when TransientFailures.IsTransient(exception) => New(503, ProblemTypes.ServiceUnavailable, "Service temporarily unavailable",
            "The inventory cluster could not complete the request; part of it may have taken effect. Repeat it unchanged " +
            "(same reservation id, operation id or Idempotency-Key): a repeat completes it and never applies anything twice."),
        _ => New(500, ProblemTypes.InternalError, "Internal error", "An unexpected error occurred."),
    };

    private static string DescribeBadRequest(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException { Path: { Length: > 1 } path } => $"The JSON body is invalid at '{path}': a value has the wrong type or format.",
        JsonException => "The body is not valid JSON.",
        _ when bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => "A JSON body is required.",
        _ => "The request could not be read.",
    };

    private static ProblemDetails New(int status, string type, string title, string detail) =>
        new() { Status = status, Type = type, Title = title, Detail = detail };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the cluster is unavailable")]
    private partial void LogUnavailable(Exception exception, string method, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly")]
    private partial void LogUnexpected(Exception exception, string method, PathString path);
}
