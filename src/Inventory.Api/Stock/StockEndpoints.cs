using System.Globalization;
using Inventory.Api.Hosting;
using Inventory.Api.Problems;
using Inventory.ServiceDefaults.Problems;
using Inventory.ServiceDefaults.Security;
using Inventory.Stock;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Stock;

/// <summary>Stock reads and warehouse feeds (ops). The storefront's availability reads are in AvailabilityEndpoints.</summary>
public static class StockEndpoints
{
    private const long MaxUnits = RequestValidation.MaxUnits;

    /// <summary>
    /// Counts of one count file applied at a time. A whole file at once filled the silo's queues with a thousand
    /// activations and checkout waited behind them (benchmark, 64 checkout clients, two files in flight: checkout p99
    /// 4.3× its idle p99 with all at once, 3.3× with 64, 1.9× with 32, at 2,940 / 1,590 / 1,110 counts/s).
    /// </summary>
    private const int CountsInFlight = 32;

    public static IEndpointRouteBuilder MapStock(this IEndpointRouteBuilder app)
    {
        var stock = app.MapGroup("/v1/stock/{location}/{sku}").WithTags("Stock").RequireAuthorization(ApiRoles.Ops);
        stock.MapGet("", GetStockAsync).ProducesProblem(StatusCodes.Status404NotFound);
        stock.MapPut("", SetCountAsync);
        stock.MapPost("/adjustments", AdjustAsync).ProducesProblem(StatusCodes.Status409Conflict);
        stock.MapPost("/receipts", ReceiveAsync);
        stock.MapPost("/returns", ReturnAsync);
        app.MapGroup("/v1/stock").WithTags("Stock").RequireAuthorization(ApiRoles.Ops)
            .MapPost("/counts", SetCountsAsync).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Ok<StockResponse>, ValidationProblem, ProblemHttpResult>> GetStockAsync(
        string location, string sku, IGrainFactory grains, HttpResponse response)
    {
        if (!TryKey(location, sku, new RequestValidation(), out var key, out var invalid))
        {
            return invalid;
        }

        var snapshot = await ClusterCall.RunAsync(() => Grain(grains, key).GetSnapshotAsync());
        if (!snapshot.Exists)
        {
            return Problem.StockNotFound(key);
        }

        SetETag(response, snapshot);
        return TypedResults.Ok(StockResponse.From(snapshot));
    }

    private static async Task<Results<Ok<StockFeedResponse>, ValidationProblem, ProblemHttpResult>> SetCountAsync(
        string location, string sku, StockCountRequest body, IGrainFactory grains, HttpContext http)
    {
        var validation = new RequestValidation()
            .Range("onHand", body.OnHand, 0, MaxUnits)
            .Range("safetyStock", body.SafetyStock, 0, MaxUnits, required: false)
            .Required("asOf", body.AsOf);
        var expected = IfMatch.Read(http.Request.Headers.IfMatch, validation);
        if (!TryKey(location, sku, validation, out var key, out var invalid))
        {
            return invalid;
        }

        var count = new StockCount(body.OnHand!.Value, body.SafetyStock, body.AsOf!.Value) { ExpectedVersion = expected };
        var result = await ClusterCall.RunAsync(() => Grain(grains, key).SetCountAsync(count));
        return Answer(result, http.Response);
    }

    /// <summary>
    /// A warehouse count file: every count is validated first (one bad count changes nothing), then each pair applies
    /// its own, <see cref="CountsInFlight"/> at a time. A count is applied only if it is newer than the pair's last, so a request
    /// repeated after a 503 changes nothing twice: what was applied the first time is answered <c>stale</c>.
    /// </summary>
    private static async Task<Results<Ok<StockCountBatchResponse>, ValidationProblem, ProblemHttpResult>> SetCountsAsync(
        StockCountBatchRequest body, IGrainFactory grains, IOptions<TimeBudgetOptions> budgets, HttpResponse response)
    {
        var validation = new RequestValidation();
        var items = body.Counts ?? [];
        if (items.Count is 0 or > StockCountBatchRequest.MaxCounts)
        {
            validation.Error("counts", $"must list 1 to {StockCountBatchRequest.MaxCounts} counts");
        }

        var counts = new (StockKey Key, StockCount Count)[items.Count];
        var seen = new HashSet<StockKey>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var at = $"counts[{i}]";
            validation.Code($"{at}.location", item?.Location).Code($"{at}.sku", item?.Sku)
                .Range($"{at}.onHand", item?.OnHand, 0, MaxUnits)
                .Range($"{at}.safetyStock", item?.SafetyStock, 0, MaxUnits, required: false)
                .Required($"{at}.asOf", item?.AsOf ?? body.AsOf);
            if (!validation.IsValid)
            {
                continue;
            }

            var key = new StockKey(item!.Location!, item.Sku!);
            if (!seen.Add(key))
            {
                validation.Error(at, $"counts SKU '{key.Sku}' at '{key.Location}' a second time");
            }

            counts[i] = (key, new StockCount(item.OnHand!.Value, item.SafetyStock, (item.AsOf ?? body.AsOf)!.Value));
        }

        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var budget = budgets.Value.Feed;
        using var gate = new SemaphoreSlim(CountsInFlight);
        var calls = counts.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                return await ClusterCall.RunAsync(() => Grain(grains, c.Key).SetCountAsync(c.Count), budget);
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

    private static async Task<Results<Ok<StockFeedResponse>, ValidationProblem, ProblemHttpResult>> AdjustAsync(
        string location, string sku, StockAdjustmentRequest body, IGrainFactory grains, HttpContext http)
    {
        var validation = new RequestValidation()
            .Range("delta", body.Delta, -MaxUnits, MaxUnits)
            .Text("reason", body.Reason, 200)
            .Code("operationId", body.OperationId);
        if (body.Delta == 0)
        {
            validation.Error("delta", "must not be 0");
        }

        var expected = IfMatch.Read(http.Request.Headers.IfMatch, validation);

        if (!TryKey(location, sku, validation, out var key, out var invalid))
        {
            return invalid;
        }

        var adjustment = new StockAdjustment(body.Delta!.Value, body.Reason!, body.OperationId!) { ExpectedVersion = expected };
        var result = await ClusterCall.RunAsync(() => Grain(grains, key).AdjustAsync(adjustment));
        if (result.Outcome == StockFeedOutcome.Rejected)
        {
            return Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.InsufficientOnHand, "Adjustment would make onHand negative", result.Reason);
        }

        return Answer(result, http.Response);
    }

    private static async Task<Results<Ok<StockFeedResponse>, ValidationProblem, ProblemHttpResult>> ReceiveAsync(
        string location, string sku, StockReceiptRequest body, IGrainFactory grains, HttpContext http)
    {
        var validation = new RequestValidation()
            .Range("quantity", body.Quantity, 1, MaxUnits)
            .Code("operationId", body.OperationId);
        var expected = IfMatch.Read(http.Request.Headers.IfMatch, validation);
        if (!TryKey(location, sku, validation, out var key, out var invalid))
        {
            return invalid;
        }

        var receipt = new StockReceipt(body.Quantity!.Value, body.OperationId!) { ExpectedVersion = expected };
        var result = await ClusterCall.RunAsync(() => Grain(grains, key).ReceiveAsync(receipt));
        return Answer(result, http.Response);
    }

    private static async Task<Results<Ok<StockFeedResponse>, ValidationProblem, ProblemHttpResult>> ReturnAsync(
        string location, string sku, StockReturnRequest body, IGrainFactory grains, HttpContext http)
    {
        var validation = new RequestValidation()
            .Range("quantity", body.Quantity, 1, MaxUnits)
            .Required("restock", body.Restock)
            .Code("operationId", body.OperationId);
        var expected = IfMatch.Read(http.Request.Headers.IfMatch, validation);
        if (!TryKey(location, sku, validation, out var key, out var invalid))
        {
            return invalid;
        }

        var stockReturn = new StockReturn(body.Quantity!.Value, body.Restock!.Value, body.OperationId!) { ExpectedVersion = expected };
        var result = await ClusterCall.RunAsync(() => Grain(grains, key).ReturnAsync(stockReturn));
        return Answer(result, http.Response);
    }

    /// <summary>Validates the route's codes together with the body's fields, so one 400 lists every problem.</summary>
    private static bool TryKey(string location, string sku, RequestValidation validation, out StockKey key, out ValidationProblem invalid)
    {
        validation.Code("location", location).Code("sku", sku);
        key = validation.IsValid ? new StockKey(location, sku) : default;
        invalid = validation.IsValid ? null! : validation.ToProblem();
        return validation.IsValid;
    }

    /// <summary>The feed result with the pair's version as ETag, or 412 when If-Match named another version.</summary>
    private static Results<Ok<StockFeedResponse>, ValidationProblem, ProblemHttpResult> Answer(StockFeedResult result, HttpResponse response)
    {
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

    private static IStockGrain Grain(IGrainFactory grains, StockKey key) => grains.GetGrain<IStockGrain>(key.ToString());

    private static void SetETag(HttpResponse response, StockSnapshot snapshot) => response.Headers.ETag = IfMatch.ETag(snapshot.Version);
}
