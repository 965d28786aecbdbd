using Inventory.Api.Hosting;
using Inventory.Api.Idempotency;
using Inventory.Api.Problems;
using Inventory.Reservations;
using Inventory.ServiceDefaults.Problems;
using Inventory.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using static Microsoft.AspNetCore.Http.StatusCodes;

namespace Inventory.Api.Reservations;

/// <summary>The checkout path: hold, extend, commit, release, fulfil and cancel reservations.</summary>
public static class ReservationEndpoints
{
    public static IEndpointRouteBuilder MapReservations(this IEndpointRouteBuilder app)
    {
        // Checkout belongs to the storefront; shipping and cancelling orders to ops.
        var checkout = app.MapGroup("/v1/reservations").WithTags("Reservations").RequireAuthorization(ApiRoles.Storefront);
        checkout.MapPost("", CreateAsync).TimedAs("reserve").ProducesProblem(Status409Conflict);
        checkout.MapGet("/{id}", GetAsync).ProducesProblem(Status404NotFound);
        checkout.MapPost("/{id}/extend", ExtendAsync).TimedAs("extend").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        checkout.MapPost("/{id}/commit", CommitAsync).TimedAs("commit").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        checkout.MapDelete("/{id}", (string id, IGrainFactory grains, IOptions<TimeBudgetOptions> budgets) => RunAsync(id, grains, budgets, g => g.ReleaseAsync()))
            .TimedAs("release").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        var orders = app.MapGroup("/v1/reservations").WithTags("Reservations").RequireAuthorization(ApiRoles.Ops);
        orders.MapPost("/{id}/fulfill", (string id, IGrainFactory grains, IOptions<TimeBudgetOptions> budgets) => RunAsync(id, grains, budgets, g => g.FulfillAsync()))
            .TimedAs("fulfill").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        orders.MapPost("/{id}/cancel", (string id, IGrainFactory grains, IOptions<TimeBudgetOptions> budgets) => RunAsync(id, grains, budgets, g => g.CancelAsync()))
            .TimedAs("cancel").ProducesProblem(Status404NotFound).ProducesProblem(Status409Conflict);
        return app;
    }

    private static async Task<Results<Created<ReservationResponse>, Ok<ReservationResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateReservationRequest body, IGrainFactory grains, IOptions<ReservationOptions> options, IOptions<TimeBudgetOptions> budgets, HttpContext http)
    {
        var limits = options.Value;
        var validation = new RequestValidation()
            .Code("reservationId", body.ReservationId, required: false)
            .Range("ttlSeconds", body.TtlSeconds, 1, (long)limits.MaxTtl.TotalSeconds, required: false);
        var lines = ValidateLines(body.Lines, limits, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var id = body.ReservationId ?? DerivedId(http) ?? Guid.NewGuid().ToString("N");
        var ttl = body.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : limits.DefaultTtl;
        var create = new CreateReservation(lines, ttl);
        var reply = await ClusterCall.RunAsync(() => grains.GetGrain<IReservationGrain>(id).CreateAsync(create), budgets.Value.Checkout);
        return reply.Outcome switch
        {
            ReservationOutcome.Ok => TypedResults.Created($"/v1/reservations/{id}", ReservationResponse.From(reply.Reservation!)),
            ReservationOutcome.Replayed => TypedResults.Ok(ReservationResponse.From(reply.Reservation!)),
            _ => Failure(reply, id),
        };
    }

    private static async Task<Results<Ok<ReservationResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, IGrainFactory grains, IOptions<TimeBudgetOptions> budgets)
    {
        if (InvalidId(id) is { } invalid)
        {
            return invalid;
        }

        var view = await ClusterCall.RunAsync(() => grains.GetGrain<IReservationGrain>(id).GetAsync(), budgets.Value.Checkout);
        return view is null ? Problem.ReservationNotFound(id) : TypedResults.Ok(ReservationResponse.From(view));
    }

    private static Task<Results<Ok<ReservationResponse>, ValidationProblem, ProblemHttpResult>> ExtendAsync(
        string id, ExtendReservationRequest body, IGrainFactory grains, IOptions<ReservationOptions> options, IOptions<TimeBudgetOptions> budgets)
    {
        var validation = new RequestValidation().Range("ttlSeconds", body.TtlSeconds, 1, (long)options.Value.MaxTtl.TotalSeconds);
        return RunAsync(id, grains, budgets, g => g.ExtendAsync(TimeSpan.FromSeconds(body.TtlSeconds!.Value)), validation);
    }

    private static Task<Results<Ok<ReservationResponse>, ValidationProblem, ProblemHttpResult>> CommitAsync(
        string id, CommitReservationRequest body, IGrainFactory grains, IOptions<TimeBudgetOptions> budgets)
    {
        var validation = new RequestValidation().Text("orderId", body.OrderId, 128);
        return RunAsync(id, grains, budgets, g => g.CommitAsync(body.OrderId!), validation);
    }

    private static async Task<Results<Ok<ReservationResponse>, ValidationProblem, ProblemHttpResult>> RunAsync(
        string id, IGrainFactory grains, IOptions<TimeBudgetOptions> budgets, Func<IReservationGrain, Task<ReservationReply>> command,
        RequestValidation? validation = null)
    {
        validation ??= new RequestValidation();
        validation.Code("id", id);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var reply = await ClusterCall.RunAsync(() => command(grains.GetGrain<IReservationGrain>(id)), budgets.Value.Checkout);
        return reply.Outcome is ReservationOutcome.Ok or ReservationOutcome.Replayed
            ? TypedResults.Ok(ReservationResponse.From(reply.Reservation!))
            : Failure(reply, id);
    }

    private static List<ReservationLine> ValidateLines(IReadOnlyList<ReservationLineBody?>? lines, ReservationOptions limits, RequestValidation validation)
    {
        if (lines is null || lines.Count == 0)
        {
            validation.Error("lines", "must contain at least one line");
            return [];
        }

        if (lines.Count > limits.MaxLines)
        {
            validation.Error("lines", $"must contain at most {limits.MaxLines} lines");
            return [];
        }

        var result = new List<ReservationLine>(lines.Count);
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var field = $"lines[{i}]";
            if (lines[i] is not { } line)
            {
                validation.Error(field, "must be an object");
                continue;
            }

            validation.Code($"{field}.sku", line.Sku)
                .Code($"{field}.location", line.Location)
                .Range($"{field}.quantity", line.Quantity, 1, limits.MaxLineQuantity);
            var lineIsValid = Codes.IsValid(line.Sku) && Codes.IsValid(line.Location)
                && line.Quantity is { } quantity && quantity >= 1 && quantity <= limits.MaxLineQuantity;
            if (!lineIsValid)
            {
                continue;
            }

            if (!seen.Add((line.Location!, line.Sku!)))
            {
                validation.Error(field, "repeats the SKU and location of an earlier line; combine them into one line");
                continue;
            }

            result.Add(new ReservationLine(line.Sku!, line.Location!, (int)line.Quantity!.Value));
        }

        return result;
    }

    /// <summary>Under an Idempotency-Key, a reservation without an explicit id gets one derived from the key.</summary>
    private static string? DerivedId(HttpContext http) =>
        http.Request.Headers[IdempotencyOptions.Header] is [{ } key] && IdempotencyKeys.IsValid(key) && http.User.Identity?.Name is { } caller
            ? IdempotencyKeys.ReservationId(caller, key)
            : null;

    private static ValidationProblem? InvalidId(string id)
    {
        var validation = new RequestValidation().Code("id", id);
        return validation.IsValid ? null : validation.ToProblem();
    }

    private static ProblemHttpResult Failure(ReservationReply reply, string id) => reply.Outcome switch
    {
        ReservationOutcome.NotFound => Problem.ReservationNotFound(id),
        ReservationOutcome.Insufficient when reply.Reservation?.Status == ReservationStatus.Expired => Problem.Of(
            StatusCodes.Status409Conflict, ProblemTypes.ReservationExpired, "Reservation expired and stock is gone",
            reply.Detail ?? "The hold expired before payment completed and the stock is no longer available.",
            Shortfalls(reply)),
        ReservationOutcome.Insufficient => Problem.Of(
            StatusCodes.Status409Conflict, ProblemTypes.InsufficientStock, "Insufficient stock",
            "At least one line cannot be held; nothing was held.", Shortfalls(reply)),
        ReservationOutcome.Conflict => Problem.Of(
            StatusCodes.Status409Conflict, ProblemTypes.ReservationIdConflict, "Reservation id conflict", reply.Detail),
        _ => Problem.Of(
            StatusCodes.Status409Conflict, ProblemTypes.InvalidReservationState, "Not possible in the reservation's state",
            reply.Detail, new Dictionary<string, object?> { ["status"] = reply.Reservation?.Status }),
    };

    private static Dictionary<string, object?> Shortfalls(ReservationReply reply) => new()
    {
        ["reservationId"] = reply.Reservation?.Id,
        ["shortfalls"] = reply.Shortfalls
            .Select(s => new { sku = s.Sku, location = s.Location, requested = s.Requested, available = s.Available })
            .ToArray(),
    };
}
