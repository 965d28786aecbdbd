using System.Globalization;
using Inventory.Api.Hosting;
using Inventory.Api.Problems;
using Inventory.ServiceDefaults.Problems;
using Inventory.ServiceDefaults.Security;
using Inventory.Stock;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inventory.Api.Stock;

/// <summary>Stock reads and warehouse feeds (ops). The storefront's availability reads are in AvailabilityEndpoints.</summary>
public static class StockEndpoints
{
    /// <summary>
    /// Counts of one count file applied at a time. A whole file at once filled the silo's queues with a thousand
    /// activations and checkout waited behind them (benchmark, 64 checkout clients, two files in flight: checkout p99
    /// 4.3× its idle p99 with all at once, 3.3× with 64, 1.9× with 32, at 2,940 / 1,590 / 1,110 counts/s).
    /// </summary>
    private const int CountsInFlight = 32;

    public static IEndpointRouteBuilder MapStock(this IEndpointRouteBuilder app)
    {
        var stock = app.MapGroup("/v1/stock/{location}/{sku}").WithTags("Stock").RequireAuthorization(ApiRoles.Ops).WithRequestValidation();
        stock.MapGet("", GetStockAsync).ProducesProblem(StatusCodes.Status404NotFound);
        stock.MapPut("", FeedAsync<StockCountRequest>);
        stock.MapPost("/adjustments", FeedAsync<StockAdjustmentRequest>).ProducesProblem(StatusCodes.Status409Conflict);
        stock.MapPost("/receipts", FeedAsync<StockReceiptRequest>);
        stock.MapPost("/returns", FeedAsync<StockReturnRequest>);
        stock.MapGet("/movements", GetMovementsAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("List a pair's movements")
            .WithDescription(
                "Every change of the pair's onHand, committed, damaged or safetyStock, one immutable movement each, stored with the " +
                "change: sequence, kind, the deltas and the quantities after, reason and note (adjustments), reference (reservation, " +
                "order or operation id), actor (the API key that asked, or system), occurredAt, recordedAt and, for counts, variance. " +
                "Oldest first after `after`; with `latest=true` newest first, `after` then meaning older than it. Pass `next` back as " +
                "`after` (with the same `latest`) for the following page; it is null at the end. 404 if the pair was never written.")
            .WithQueryParameters(
                ("after", "Continue after this sequence in the page's order (older than it with latest=true).", QueryValue.WholeNumber(0, null, null)),
                ("limit", $"Movements per page, 1 to {StockQueryLimits.MaxPageSize}.", QueryValue.WholeNumber(1, StockQueryLimits.MaxPageSize, StockMovementsQuery.DefaultLimit)),
                ("latest", "true: newest first.", QueryValue.Boolean(false)));
        var stockWide = app.MapGroup("/v1/stock").WithTags("Stock").RequireAuthorization(ApiRoles.Ops).WithRequestValidation();
        stockWide.MapPost("/counts", SetCountsAsync).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        stockWide.MapGet("/shortfalls", ListShortfallsAsync)
            .WithSummary("List the pairs in shortfall")
            .WithDescription(
                "Pairs whose reserved + committed exceeds onHand (after a count or adjustment below what was promised), by location " +
                "then SKU, as of their last write, each with all its quantities (`shortfall`, `backordered`). Pass `next` (location/sku) " +
                "back as `after` for the following page; it is null at the end.")
            .WithQueryParameters(
                ("location", "Only this location's pairs.", QueryValue.Text()),
                ("after", "Continue after this pair, as next gave it: location/sku.", QueryValue.Text()),
                ("limit", $"Pairs per page, 1 to {StockQueryLimits.MaxPageSize}.", QueryValue.WholeNumber(1, StockQueryLimits.MaxPageSize, StockShortfallsQuery.DefaultLimit)));
        return app;
    }

    private static async Task<Results<Ok<StockResponse>, ProblemHttpResult>> GetStockAsync(
        [AsParameters] StockPair pair, [AsParameters] StockServices services, HttpResponse response)
    {
        var snapshot = await ClusterCall.RunAsync(() => services.Grain(pair.Key).GetSnapshotAsync());
        if (!snapshot.Exists)
        {
            return Problem.StockNotFound(pair.Key);
        }

        response.Headers.ETag = IfMatch.ETag(snapshot.Version);
        return TypedResults.Ok(StockResponse.From(snapshot));
    }

    /// <summary>A page of the pair's movements, read from storage by a stateless worker (the pair is not activated).</summary>
    private static async Task<Results<Ok<StockMovementsResponse>, ProblemHttpResult>> GetMovementsAsync(
        [AsParameters] StockPair pair, [AsParameters] StockMovementsQuery query, [AsParameters] StockServices services)
    {
        var movements = query.ToQuery();
        var page = await ClusterCall.RunAsync(() => services.Queries.ReadMovementsAsync(pair.Key, movements));
        return page is null
            ? Problem.StockNotFound(pair.Key)
            : TypedResults.Ok(new StockMovementsResponse([.. page.Items.Select(StockMovementResponse.From)], page.Next));
    }

    /// <summary>A page of the pairs in shortfall, from their stored rows.</summary>
    private static async Task<Ok<StockShortfallsResponse>> ListShortfallsAsync(
        [AsParameters] StockShortfallsQuery query, [AsParameters] StockServices services)
    {
        var page = await ClusterCall.RunAsync(() => services.Queries.ListShortfallsAsync(query.Location, query.AfterKey, query.PageSize));
        return TypedResults.Ok(new StockShortfallsResponse([.. page.Items.Select(StockResponse.From)], page.Next?.ToString()));
    }

    /// <summary>
    /// Every feed write of one pair, once its request passed validation: the body is sent to the pair at the version
    /// If-Match expects, and the answer carries the pair's version as ETag. A write the pair refused (an adjustment
    /// below zero) is 409; a version other than the one If-Match named is 412. A date the pair finds too far ahead of its
    /// own clock (the API's clock passed it: the nodes' clocks differ) is the same 400 as the API's own check.
    /// </summary>
    private static async Task<Results<Ok<StockFeedResponse>, ProblemHttpResult, ValidationProblem>> FeedAsync<TBody>(
        TBody body, [AsParameters] IfMatch ifMatch, [AsParameters] StockPair pair, [AsParameters] StockServices services, HttpResponse response)
        // "class" tells the framework the body is required; without it a missing body would arrive as null.
        where TBody : class, IStockFeedRequest
    {
        var result = await ClusterCall.RunAsync(() => body.SendAsync(services.Grain(pair.Key), ifMatch.ExpectedVersion));
        if (result.Outcome == StockFeedOutcome.Rejected)
        {
            return Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.InsufficientOnHand, "Adjustment would make onHand negative", result.Reason);
        }

        if (result.Outcome == StockFeedOutcome.FutureDated)
        {
            return new RequestValidation().Error(body.DatedField, result.Reason ?? "is too far in the future").ToProblem();
        }

        if (result.Snapshot.Exists)
        {
            response.Headers.ETag = IfMatch.ETag(result.Snapshot.Version);
        }

        if (result.Outcome == StockFeedOutcome.VersionMismatch)
        {
            return Problem.Of(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed, "The pair changed meanwhile",
                $"{result.Reason}; read it again and retry with its current ETag.",
                new Dictionary<string, object?> { ["currentVersion"] = result.Snapshot.Version });
        }

        return TypedResults.Ok(StockFeedResponse.From(result));
    }

    /// <summary>
    /// A warehouse count file, validated whole before anything is applied; then each pair applies its own count,
    /// <see cref="CountsInFlight"/> at a time. A count is applied only if it is newer than the pair's last, so a request
    /// repeated after a 503 changes nothing twice: what was applied the first time is answered <c>stale</c>. A count a pair
    /// finds dated too far ahead of its own clock (the API's clock passed it: the nodes' clocks differ) makes the answer a
    /// 400 naming it, saying how many of the others were applied.
    /// </summary>
    private static async Task<Results<Ok<StockCountBatchResponse>, ProblemHttpResult, ValidationProblem>> SetCountsAsync(
        StockCountBatchRequest body, [AsParameters] StockServices services, HttpResponse response)
    {
        var counts = body.ToCounts();
        var budget = services.Budgets.Value.Feed;
        using var gate = new SemaphoreSlim(CountsInFlight);
        var calls = counts.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                return await ClusterCall.RunAsync(() => services.Grain(c.Key).SetCountAsync(c.Count), budget);
            }
            finally
            {
                gate.Release();
            }
        }).ToArray();
        try
        {
            await Task.WhenAll(calls);
        }
        catch (Exception) when (calls.All(c => c.IsCompletedSuccessfully || TransientFailures.IsTransient(c.Exception!)))
        {
            var applied = calls.Count(c => c.IsCompletedSuccessfully && c.Result.Outcome == StockFeedOutcome.Applied);
            var failed = calls.Count(c => !c.IsCompletedSuccessfully);
            response.Headers.RetryAfter = ApiExceptionHandler.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problem.Of(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ServiceUnavailable, "Some counts were not applied",
                $"{failed} of {calls.Length} counts could not be applied now (the cluster did not answer within {budget.TotalMilliseconds:0} ms, " +
                $"or could not serve them); {applied} were. " +
                "Repeat the request as it is: a count that is already applied is answered 'stale' and changes nothing.",
                new Dictionary<string, object?> { ["applied"] = applied, ["failed"] = failed });
        }

        var futureDated = new RequestValidation();
        for (var i = 0; i < calls.Length; i++)
        {
            if (calls[i].Result.Outcome == StockFeedOutcome.FutureDated)
            {
                futureDated.Error($"counts[{i}].asOf", calls[i].Result.Reason ?? "is too far in the future");
            }
        }

        if (!futureDated.IsValid)
        {
            var applied = calls.Count(c => c.Result.Outcome == StockFeedOutcome.Applied);
            return futureDated.ToProblem(
                $"The named counts are dated too far in the future and were not applied; {applied} of the other counts were. Correct " +
                "them and send the file again: a count already applied is answered 'stale' and changes nothing.",
                new Dictionary<string, object?> { ["applied"] = applied });
        }

        var results = calls.Select((c, i) => new StockCountBatchResult(
            counts[i].Key.Location, counts[i].Key.Sku, c.Result.Outcome, c.Result.Reason, c.Result.Snapshot.Version)).ToList();
        var appliedCount = results.Count(r => r.Outcome == StockFeedOutcome.Applied);
        return TypedResults.Ok(new StockCountBatchResponse(appliedCount, results.Count - appliedCount, results));
    }
}
