using System.Globalization;
using System.Threading.RateLimiting;
using Inventory.Api.Problems;
using Inventory.Silo.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace Inventory.Api.Security;

/// <summary>API keys with roles (shared with the silo's dashboard) and a rate limit per key.</summary>
public static class SecurityExtensions
{
    /// <summary>Shared by all requests without a valid key from one client address.</summary>
    private const int AnonymousRequestsPerSecond = 50;

    public static WebApplicationBuilder AddInventorySecurity(this WebApplicationBuilder builder)
    {
        builder.AddApiKeyAuthentication();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PartitionPerCaller);
            limiter.OnRejected = OnRejectedAsync;
        });
        return builder;
    }

    public static WebApplication UseInventorySecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    // Authenticated callers are limited per key (token bucket: the key's rate per second, bursts up to twice that);
    // requests without a valid key share a bucket per client address.
    private static RateLimitPartition<string> PartitionPerCaller(HttpContext context)
    {
        var name = context.User.Identity is { IsAuthenticated: true, Name: { } keyName } ? keyName : null;
        // The bucket's settings are only worked out when a caller's partition is first created, not per request.
        return RateLimitPartition.GetTokenBucketLimiter(name ?? "anonymous:" + context.Connection.RemoteIpAddress, _ => Bucket(
            name is null ? AnonymousRequestsPerSecond : context.RequestServices.GetRequiredService<ApiKeyStore>().RequestsPerSecond(name)));
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond)
    {
        // Refill ten times a second, or once per token for rates below ten.
        var (tokens, period) = perSecond >= 10 ? (perSecond / 10, TimeSpan.FromMilliseconds(100)) : (1, TimeSpan.FromSeconds(1.0 / perSecond));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond * 2,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ProblemTypes.RateLimited,
                Title = "Too many requests",
                Detail = $"This API key's rate limit is exhausted; retry after {retryAfter} s.",
            },
        });
    }
}
