using System.Net;

namespace Inventory.ClusterTests;

/// <summary>
/// Makes a test client wait out the API key's rate limit instead of failing on it: a 429 is answered by waiting
/// the server's Retry-After and sending the request again. How many requests a check needs grows with what the
/// machine managed to acknowledge, so a check must never depend on staying under the limit. Only the rate limiter
/// answers 429, before any work is done, so a resend never repeats anything.
/// </summary>
public sealed class RateLimitRespectingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(2);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + MaxWait;
        while (true)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow >= deadline)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }
}
