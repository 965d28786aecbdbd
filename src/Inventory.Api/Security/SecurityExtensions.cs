using System.Globalization;
using System.Threading.RateLimiting;
using Inventory.Api.Problems;
using Inventory.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;

namespace Inventory.Api.Security;

/// <summary>
/// A rate limit per API key, on top of the keys and roles every host shares (service defaults), and the order in
/// which the API applies them.
/// </summary>
public static class SecurityExtensions
{
    public static WebApplicationBuilder AddInventoryRateLimits(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<CallerRateLimits>();
        builder.Services.AddRateLimiter(limiter => limiter.OnRejected = OnRejectedAsync);
        builder.Services.AddOptions<RateLimiterOptions>().Configure<CallerRateLimits>((options, limits) => options.GlobalLimiter = limits.Limiter);
        return builder;
    }

    public static WebApplication UseInventorySecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(ActAsCallerAsync);
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Names the caller's API key as the actor of every grain call the request makes from here on, so the movements
    /// it causes record who asked. Orleans carries it in the request context; async, so it ends with the request.
    /// </summary>
    private static async Task ActAsCallerAsync(HttpContext context, RequestDelegate next)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            InventoryActor.Set(name);
        }

        await next(context);
    }

    /// <summary>429 with Retry-After (whole seconds, at least 1), as problem details.</summary>
    public static ProblemHttpResult RateLimited(HttpResponse response, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(response);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem.Of(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests",
            $"This API key's rate limit is exhausted; retry after {seconds} s.");
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.Zero;
        await RateLimited(rejected.HttpContext.Response, wait).ExecuteAsync(rejected.HttpContext);
    }
}
