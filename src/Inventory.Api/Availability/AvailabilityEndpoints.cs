using System.Globalization;
using Inventory.Api.Hosting;
using Inventory.Api.Idempotency;
using Inventory.Api.Problems;
using Inventory.Api.Security;
using Inventory.Api.Stock;
using Inventory.Availability;
using Inventory.ServiceDefaults.Security;
using Inventory.Stock;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inventory.Api.Availability;

/// <summary>
/// The browse path: availability served from this node's cache, which the cluster keeps current by push.
/// Responses carry the version and <c>Cache-Control</c>/<c>Age</c>, so a CDN can hold them briefly.
/// </summary>
public static class AvailabilityEndpoints
{
    public static IEndpointRouteBuilder MapAvailability(this IEndpointRouteBuilder app)
    {
        var availability = app.MapGroup("/v1/availability").WithTags("Availability").RequireAuthorization(ApiRoles.Storefront).WithRequestValidation();
        availability.MapGet("/{location}/{sku}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        availability.MapPost("/query", QueryAsync).ReadOnly();
        return app;
    }

    private static async Task<Results<Ok<AvailabilityResponse>, ProblemHttpResult>> GetAsync(
        [AsParameters] StockPair pair, [AsParameters] AvailabilityServices services, HttpResponse response)
    {
        if (await LookUpAsync(pair.Key, services) is not { } found)
        {
            return Problem.StockNotFound(pair.Key);
        }

        var age = found.Entry.Age(services.Clock.GetUtcNow());
        response.Headers.ETag = $"\"{found.Entry.Value.Version}\"";
        SetFreshness(response, age, found.Stale, services.Options.Value);
        return TypedResults.Ok(AvailabilityResponse.From(found.Entry.Value, found.Stale));
    }

    private static async Task<Results<Ok<AvailabilityQueryResponse>, ValidationProblem, ProblemHttpResult>> QueryAsync(
        AvailabilityQueryRequest body, [AsParameters] AvailabilityServices services, CallerRateLimits limits, HttpContext http)
    {
        // Every pair may cost a grain call: the query counts against the key's rate limit by its pairs. Arriving, it
        // took one request's token; it takes the rest now, and a query the key's whole burst cannot pay is refused.
        var keys = body.Keys();
        var perRequest = services.Options.Value.QueryPairsPerRequest;
        var cost = (keys.Length + perRequest - 1) / perRequest;
        var burst = limits.Burst(http);
        if (cost > burst)
        {
            return new RequestValidation().Error("items", $"counts as {cost} requests against this API key's rate limit (one per {perRequest} pairs), " +
                $"more than it allows at once ({burst}): ask for at most {burst * perRequest} pairs at a time").ToProblem();
        }

        if (cost > 1 && limits.TryTake(http, cost - 1) is { } retryAfter)
        {
            return SecurityExtensions.RateLimited(http.Response, retryAfter);
        }

        var entries = await Task.WhenAll(keys.Select(key => LookUpAsync(key, services)));
        var now = services.Clock.GetUtcNow();
        var found = entries.Where(e => e is not null).Select(e => e!).ToList();
        SetFreshness(http.Response, found.Count == 0 ? TimeSpan.Zero : found.Max(e => e.Entry.Age(now)), found.Any(e => e.Stale), services.Options.Value);
        return TypedResults.Ok(new AvailabilityQueryResponse(
            [.. found.Select(e => AvailabilityResponse.From(e.Entry.Value, e.Stale))],
            [.. keys.Where((_, i) => entries[i] is null).Select(k => new AvailabilityQueryItem(k.Location, k.Sku))]));
    }

    private sealed record Found(AvailabilityCache.Entry Entry, bool Stale);

    /// <summary>
    /// The cached entry, or a read from the stock grain (remembered); null for a pair never stocked (remembered briefly
    /// too, so probes of it reach no grain). When the cluster cannot answer within the browse budget, the last value
    /// this node knew is served, marked stale.
    /// </summary>
    private static async Task<Found?> LookUpAsync(StockKey key, AvailabilityServices services)
    {
        var cache = services.Cache;
        if (cache.IsUnknown(key))
        {
            return null;
        }

        if (cache.Fresh(key) is { } cached)
        {
            return new Found(cached, Stale: false);
        }

        try
        {
            var snapshot = await ClusterCall.RunAsync(() => services.Grains.GetGrain<IStockGrain>(key.ToString()).GetSnapshotAsync(), services.Budgets.Value.Browse);
            if (!snapshot.Exists)
            {
                cache.RememberUnknown(key);
                return null;
            }

            return new Found(cache.Remember(AvailabilityUpdate.From(snapshot)), Stale: false);
        }
        catch (Exception e) when (TransientFailures.IsTransient(e) && cache.LastKnown(key) is { } lastKnown)
        {
            CacheMetrics.StaleServed.Add(1);
            return new Found(lastKnown, Stale: true);
        }
    }

    private static void SetFreshness(HttpResponse response, TimeSpan age, bool stale, AvailabilityCacheOptions settings)
    {
        // A stale answer must not be kept by a CDN: the next request should try the cluster again.
        response.Headers.CacheControl = stale ? "no-store" : $"public, max-age={settings.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture)}";
        response.Headers.Age = ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
