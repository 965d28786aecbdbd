using System.Threading.RateLimiting;
using Inventory.ServiceDefaults.Security;

namespace Inventory.Api.Security;

/// <summary>
/// One token bucket per caller: per API key (its rate per second, bursts up to twice that), and one shared by all
/// requests without a valid key from one client address. Every request takes a token as it arrives (this is the
/// global limiter); a request whose work grows with its size, such as an availability query of many pairs, takes the
/// rest of its cost with <see cref="TryTake"/> once its size is known.
/// </summary>
public sealed class CallerRateLimits : IDisposable
{
    /// <summary>Shared by all requests without a valid key from one client address.</summary>
    private const int AnonymousRequestsPerSecond = 50;

    private readonly ApiKeyStore _keys;

    public CallerRateLimits(ApiKeyStore keys)
    {
        _keys = keys;
        // The bucket's settings are only worked out when a caller's partition is first created, not per request.
        Limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Caller(context) is { } name
            ? RateLimitPartition.GetTokenBucketLimiter(name, _ => Bucket(_keys.RequestsPerSecond(name)))
            : RateLimitPartition.GetTokenBucketLimiter("anonymous:" + context.Connection.RemoteIpAddress, _ => Bucket(AnonymousRequestsPerSecond)));
    }

    /// <summary>The limiter every request passes (one token each).</summary>
    public PartitionedRateLimiter<HttpContext> Limiter { get; }

    /// <summary>The most tokens the caller's bucket holds: no single request can cost more.</summary>
    public int Burst(HttpContext context) =>
        Bucket(Caller(context) is { } name ? _keys.RequestsPerSecond(name) : AnonymousRequestsPerSecond).TokenLimit;

    /// <summary>
    /// Takes <paramref name="tokens"/> more from the caller's bucket (at most <see cref="Burst"/>): null when taken,
    /// else how long the caller should wait before trying again.
    /// </summary>
    public TimeSpan? TryTake(HttpContext context, int tokens)
    {
        using var lease = Limiter.AttemptAcquire(context, tokens);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => Limiter.Dispose();

    private static string? Caller(HttpContext context) => context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;

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
}
