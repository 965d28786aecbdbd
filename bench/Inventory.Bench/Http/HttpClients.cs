using System.Net;
using Inventory.Bench.Hosting;

namespace Inventory.Bench.Http;

/// <summary>
/// HTTP clients tuned for driving load from a small machine: keep-alive connections that are never recycled
/// mid-run, enough of them for every concurrent request, no proxy, cookies, decompression or header propagation.
/// </summary>
public static class HttpClients
{
    /// <summary>A client whose every request carries <paramref name="apiKey"/> in the <c>X-Api-Key</c> header.</summary>
    public static HttpClient Create(Uri baseAddress, int connections, BenchApiKey apiKey)
    {
        var client = Create(baseAddress, connections);
        client.DefaultRequestHeaders.Add(BenchApiKey.Header, apiKey.Key);
        return client;
    }

    private static HttpClient Create(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ActivityHeadersPropagator = null,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>Reads a (small) body into <paramref name="buffer"/> and returns its length; the connection is then free again.</summary>
    public static async ValueTask<int> ReadBodyAsync(HttpResponseMessage response, byte[] buffer, CancellationToken cancellation)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellation);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                throw new InvalidOperationException($"answer longer than {buffer.Length} bytes");
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellation);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }
}
