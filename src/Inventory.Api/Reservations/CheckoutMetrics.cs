using System.Diagnostics;
using System.Diagnostics.Metrics;
using Inventory.Api.Hosting;
using Inventory.Api.Problems;
using Inventory.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inventory.Api.Reservations;

/// <summary>
/// Checkout latency as the storefront sees it: the histogram <c>inventory.checkout.duration</c> (ms, meter
/// <see cref="ApiMeter.Name"/>) tagged <c>operation</c> (reserve, extend, commit, release, fulfill, cancel) and
/// <c>outcome</c> (<c>ok</c>, the problem type such as <c>insufficient-stock</c>, <c>unavailable</c> or <c>error</c>).
/// Each timed request also logs within a scope carrying its <c>ReservationId</c>.
/// </summary>
public static class CheckoutMetrics
{
    private static readonly Histogram<double> Duration = ApiMeter.Instance.CreateHistogram<double>(
        "inventory.checkout.duration", unit: "ms", description: "Time to answer a checkout request, by operation and outcome");

    /// <summary>Names the route's requests as checkout <paramref name="operation"/>, for the group's timing.</summary>
    public static RouteHandlerBuilder TimedAs(this RouteHandlerBuilder route, string operation) =>
        route.WithMetadata(new CheckoutOperation(operation));

    /// <summary>
    /// Times the group's requests of every route named with <see cref="TimedAs"/>. Add it before the group's other
    /// filters, so their answers (such as a validation failure) are timed too.
    /// </summary>
    public static RouteGroupBuilder WithCheckoutMetrics(this RouteGroupBuilder group) => group.AddEndpointFilterFactory((factory, next) =>
    {
        // Resolved once per endpoint, not per request.
        var logger = factory.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CheckoutMetrics));
        return async context =>
        {
            if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<CheckoutOperation>() is not { } operation)
            {
                return await next(context);
            }

            var started = Stopwatch.GetTimestamp();
            var outcome = "error";
            using var scope = context.HttpContext.Request.RouteValues["id"] is string id
                ? logger.BeginScope(new Dictionary<string, object> { ["ReservationId"] = id })
                : null;
            try
            {
                var result = await next(context);
                outcome = Outcome(result);
                return result;
            }
            catch (Exception ex)
            {
                outcome = TransientFailures.IsTransient(ex) ? "unavailable" : "error";
                throw;
            }
            finally
            {
                Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new("operation", operation.Name), new("outcome", outcome));
            }
        };
    });

    private static string Outcome(object? result) => result switch
    {
        INestedHttpResult nested => Outcome(nested.Result),
        ProblemHttpResult { ProblemDetails.Type: { } type } when type.StartsWith(ProblemTypes.Prefix, StringComparison.Ordinal) => type[ProblemTypes.Prefix.Length..],
        ValidationProblem => "validation-failed",
        IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } => "ok",
        IStatusCodeHttpResult { StatusCode: { } status } => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "error",
    };

    /// <summary>Endpoint metadata: the checkout operation a route's requests are timed as.</summary>
    private sealed record CheckoutOperation(string Name);
}
