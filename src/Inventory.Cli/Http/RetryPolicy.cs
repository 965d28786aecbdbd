namespace Inventory.Cli.Http;

/// <summary>
/// When to send a request again: after a 429 or 503 (waiting what <c>Retry-After</c> says) or a failed connection
/// (waiting longer each time), at most <see cref="MaxRetries"/> times. Every request the tool sends is safe to
/// repeat: reads, and count files, whose counts already applied are answered <c>stale</c>.
/// </summary>
public sealed record RetryPolicy(int MaxRetries)
{
    /// <summary>Longest wait before one retry, whatever the server asks.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first), or null to give up.</summary>
    /// <param name="retry">Which retry this would be, from 1.</param>
    /// <param name="retryAfter">What the server asked for, if it said.</param>
    public TimeSpan? DelayBefore(int retry, TimeSpan? retryAfter)
    {
        if (retry < 1 || retry > MaxRetries)
        {
            return null;
        }

        var delay = retryAfter ?? FirstBackoff * Math.Pow(2, Math.Min(retry - 1, 10));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
    }
}
