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
        app.MapGroup("/v1/stock").WithTags("Stock").RequireAuthorization(ApiRoles.Ops).WithRequestValidation()
            .MapPost("/counts", SetCountsAsync).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
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

    /// <summary>
    /// Every feed write of one pair, once its request passed validation: the body is sent to the pair at the version
    /// If-Match expects, and the answer carries the pair's version as ETag. A write the pair refused (an adjustment
    /// below zero) is 409; a version other than the one If-Match named is 412.
    /// </summary>
    private static async Task<Results<Ok<StockFeedResponse>, ProblemHttpResult>> FeedAsync<TBody>(
        TBody body, [AsParameters] IfMatch ifMatch, [AsParameters] StockPair pair, [AsParameters] StockServices services, HttpResponse response)
        // "class" tells the framework the body is required; without it a missing body would arrive as null.
        where TBody : class, IStockFeedRequest
    {
        var result = await ClusterCall.RunAsync(() => body.SendAsync(services.Grain(pair.Key), ifMatch.ExpectedVersion));
        if (result.Outcome == StockFeedOutcome.Rejected)
        {
            return Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.InsufficientOnHand, "Adjustment would make onHand negative", result.Reason);
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
    /// repeated after a 503 changes nothing twice: what was applied the first time is answered <c>stale</c>.
    /// </summary>
    private static async Task<Results<Ok<StockCountBatchResponse>, ProblemHttpResult>> SetCountsAsync(
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

        var results = calls.Select((c, i) => new StockCountBatchResult(
            counts[i].Key.Location, counts[i].Key.Sku, c.Result.Outcome, c.Result.Reason, c.Result.Snapshot.Version)).ToList();
        var appliedCount = results.Count(r => r.Outcome == StockFeedOutcome.Applied);
        return TypedResults.Ok(new StockCountBatchResponse(appliedCount, results.Count - appliedCount, results));
    }
}
