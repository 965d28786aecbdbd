using System.Globalization;
using Inventory.Api.Hosting;
using Inventory.Api.Idempotency;
using Inventory.Api.Problems;
using Inventory.Reservations;
using Inventory.ServiceDefaults.Problems;
using Inventory.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace Inventory.Api.Reservations;

/// <summary>The checkout path: hold, extend, commit, release, fulfil and cancel reservations.</summary>
public static class ReservationEndpoints
{
    public static IEndpointRouteBuilder MapReservations(this IEndpointRouteBuilder app)
    {
        // Checkout belongs to the storefront; shipping and cancelling orders to ops. Timing is outermost, so requests
        // refused by validation are timed too.
        var checkout = app.MapGroup("/v1/reservations").WithTags("Reservations").RequireAuthorization(ApiRoles.Storefront)
            .WithCheckoutMetrics().WithRequestValidation();
        checkout.MapPost("", CreateAsync).TimedAs("reserve").ProducesProblem(Status409Conflict);
        checkout.MapGet("/{id}", GetAsync).ProducesProblem(Status404NotFound);
        checkout.MapPost("/{id}/extend", ExtendAsync).TimedAs("extend").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        checkout.MapPost("/{id}/commit", CommitAsync).TimedAs("commit").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        checkout.MapDelete("/{id}", ReleaseAsync).TimedAs("release").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        var orders = app.MapGroup("/v1/reservations").WithTags("Reservations").RequireAuthorization(ApiRoles.Ops)
            .WithCheckoutMetrics().WithRequestValidation();
        orders.MapPost("/{id}/fulfill", FulfillAsync).TimedAs("fulfill").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        orders.MapPost("/{id}/cancel", CancelAsync).TimedAs("cancel").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<ReservationResponse>, Ok<ReservationResponse>, ProblemHttpResult>> CreateAsync(
        CreateReservationRequest body, [AsParameters] ReservationServices services, HttpContext http)
    {
        var id = body.ReservationId ?? DerivedId(http) ?? Guid.NewGuid().ToString("N");
        var create = body.ToCommand(services.Limits.Value);
        var reply = await ClusterCall.RunAsync(() => services.Grain(id).CreateAsync(create), services.Budgets.Value.Checkout);
        // An id the caller did not choose is known only to this request and to retries of its Idempotency-Key, whose
        // answered attempts are replayed before they get here: a reservation already under it was placed by an attempt
        // the caller never got an answer to (repeated by ClusterCall, or a retry after a 503). It is new to the caller.
        var newToCaller = reply.Outcome == ReservationOutcome.Ok || (reply.Outcome == ReservationOutcome.Replayed && body.ReservationId is null);
        return reply.Outcome switch
        {
            _ when newToCaller => TypedResults.Created($"/v1/reservations/{id}", ReservationResponse.From(reply.Reservation!)),
            ReservationOutcome.Replayed => TypedResults.Ok(ReservationResponse.From(reply.Reservation!)),
            ReservationOutcome.Unavailable => NotPlaced(http),
            _ => Failure(reply, id),
        };
    }

    private static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> GetAsync(
        [AsParameters] ReservationRoute route, [AsParameters] ReservationServices services)
    {
        var view = await ClusterCall.RunAsync(() => services.Grain(route.Id).GetAsync(), services.Budgets.Value.Checkout);
        return view is null ? Problem.ReservationNotFound(route.Id) : TypedResults.Ok(ReservationResponse.From(view));
    }

    private static Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> ExtendAsync(
        ExtendReservationRequest body, [AsParameters] ReservationRoute route, [AsParameters] ReservationServices services) =>
        RunAsync(route, services, g => g.ExtendAsync(body.ToTtl()));

    private static Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> CommitAsync(
        CommitReservationRequest body, [AsParameters] ReservationRoute route, [AsParameters] ReservationServices services) =>
        RunAsync(route, services, g => g.CommitAsync(body.OrderId!));

    private static Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> ReleaseAsync(
        [AsParameters] ReservationRoute route, [AsParameters] ReservationServices services) => RunAsync(route, services, g => g.ReleaseAsync());

    private static Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> FulfillAsync(
        [AsParameters] ReservationRoute route, [AsParameters] ReservationServices services) => RunAsync(route, services, g => g.FulfillAsync());

    private static Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> CancelAsync(
        [AsParameters] ReservationRoute route, [AsParameters] ReservationServices services) => RunAsync(route, services, g => g.CancelAsync());

    /// <summary>A command on an existing reservation, once its request passed validation: the reservation afterwards, or why not.</summary>
    private static async Task<Results<Ok<ReservationResponse>, ProblemHttpResult>> RunAsync(
        ReservationRoute route, ReservationServices services, Func<IReservationGrain, Task<ReservationReply>> command)
    {
        var reply = await ClusterCall.RunAsync(() => command(services.Grain(route.Id)), services.Budgets.Value.Checkout);
        return reply.Outcome is ReservationOutcome.Ok or ReservationOutcome.Replayed
            ? TypedResults.Ok(ReservationResponse.From(reply.Reservation!))
            : Failure(reply, route.Id);
    }

    /// <summary>Under an Idempotency-Key, a reservation without an explicit id gets one derived from the key.</summary>
    private static string? DerivedId(HttpContext http) =>
        http.Request.Headers[IdempotencyOptions.Header] is [{ } key] && IdempotencyKeys.IsValid(key) && http.User.Identity?.Name is { } caller
            ? IdempotencyKeys.ReservationId(caller, key)
            : null;

    private static ProblemHttpResult Failure(ReservationReply reply, string id) => reply.Outcome switch
    {
        ReservationOutcome.NotFound => Problem.ReservationNotFound(id),
        ReservationOutcome.Insufficient when reply.Reservation?.Status == ReservationStatus.Expired => Problem.Of(
            StatusCodes.Status409Conflict, ProblemTypes.ReservationExpired, "Reservation expired and stock is gone",
            reply.Detail ?? "The hold expired before payment completed and the stock is no longer available.",
            Shortfalls(reply)),
        // A refused create says nothing of its own; a commit or extension refused for a short line names it.
        ReservationOutcome.Insufficient => Problem.Of(
            StatusCodes.Status409Conflict, ProblemTypes.InsufficientStock, "Insufficient stock",
            reply.Detail ?? "At least one line cannot be held; nothing was held.", Shortfalls(reply)),
        ReservationOutcome.Conflict => Problem.Of(
            StatusCodes.Status409Conflict, ProblemTypes.ReservationIdConflict, "Reservation id conflict", reply.Detail),
        _ => Problem.Of(
            StatusCodes.Status409Conflict, ProblemTypes.InvalidReservationState, "Not possible in the reservation's state",
            reply.Detail, new Dictionary<string, object?> { ["status"] = reply.Reservation?.Status }),
    };

    /// <summary>A create that could not reach a pair: unlike most 503s, what it left behind is known (nothing held).</summary>
    private static ProblemHttpResult NotPlaced(HttpContext http)
    {
        http.Response.Headers.RetryAfter = ApiExceptionHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Problem.Of(Status503ServiceUnavailable, ProblemTypes.ServiceUnavailable, "Service temporarily unavailable",
            "A stock pair could not be reached, so the reservation was not placed and nothing is held for it. " +
            "Repeat the request unchanged (same reservation id or Idempotency-Key) to place it.");
    }

    private static Dictionary<string, object?> Shortfalls(ReservationReply reply) => new()
    {
        ["reservationId"] = reply.Reservation?.Id,
        ["shortfalls"] = reply.Shortfalls
            .Select(s => new { sku = s.Sku, location = s.Location, requested = s.Requested, available = s.Available })
            .ToArray(),
    };
}
