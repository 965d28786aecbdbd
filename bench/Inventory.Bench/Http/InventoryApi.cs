using System.Globalization;
using System.Net;
using System.Text;

namespace Inventory.Bench.Http;

/// <summary>The few API calls the benchmarks make, on one API node. Anything but the expected answer throws.</summary>
public sealed class InventoryApi(HttpClient http, string node) : IDisposable
{
    private static readonly Uri CountsPath = new("/v1/stock/counts", UriKind.Relative);

    public string Node { get; } = node;

    public HttpClient Http { get; } = http;

    /// <summary>A warehouse count (<c>PUT /v1/stock/…</c>); returns the pair's version afterwards.</summary>
    public Task<long> SetCountAsync(StockPair pair, long onHand, DateTimeOffset asOf, CancellationToken cancellation) =>
        SendFeedAsync(HttpMethod.Put, pair.StockPath,
            $$"""{"onHand":{{onHand.ToString(CultureInfo.InvariantCulture)}},"asOf":"{{asOf.ToString("O", CultureInfo.InvariantCulture)}}"}""", cancellation);

    /// <summary>
    /// A count file (<c>POST /v1/stock/counts</c>): the same count for every pair given. Throws unless every count was
    /// applied (the pairs must be new or counted earlier than <paramref name="asOf"/>).
    /// </summary>
    public async Task SetCountsAsync(IReadOnlyList<StockPair> pairs, long onHand, DateTimeOffset asOf, CancellationToken cancellation)
    {
        var json = new StringBuilder($$"""{"asOf":"{{asOf.ToString("O", CultureInfo.InvariantCulture)}}","counts":[""");
        foreach (var pair in pairs)
        {
            json.Append(CultureInfo.InvariantCulture, $$"""{"location":"{{pair.Location}}","sku":"{{pair.Sku}}","onHand":{{onHand}}},""");
        }

        json.Length--;
        json.Append("]}");
        var body = await SendOkAsync(HttpMethod.Post, CountsPath, json.ToString(), cancellation);
        using var answer = System.Text.Json.JsonDocument.Parse(body);
        var applied = answer.RootElement.GetProperty("applied").GetInt32();
        if (applied != pairs.Count)
        {
            throw new HttpRequestException($"{Node}: POST {CountsPath} applied {applied} of {pairs.Count} counts");
        }
    }

    /// <summary>A receipt (<c>POST …/receipts</c>), applied once per operation id; returns the pair's new version.</summary>
    public Task<long> ReceiveAsync(StockPair pair, int quantity, string operationId, CancellationToken cancellation) =>
        SendFeedAsync(HttpMethod.Post, pair.ReceiptsPath,
            $$"""{"quantity":{{quantity.ToString(CultureInfo.InvariantCulture)}},"operationId":"{{operationId}}"}""", cancellation);

    /// <summary>The version of the pair in this node's availability view.</summary>
    public async Task<long> AvailabilityVersionAsync(StockPair pair, byte[] buffer, CancellationToken cancellation)
    {
        using var response = await Http.GetAsync(pair.AvailabilityPath, HttpCompletionOption.ResponseHeadersRead, cancellation);
        var length = await HttpClients.ReadBodyAsync(response, buffer, cancellation);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{Node}: GET {pair.AvailabilityPath} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(buffer, 0, length)}");
        }

        return JsonVersion.Read(buffer.AsSpan(0, length), depth: 1);
    }

    /// <summary>The pair's quantities (<c>GET /v1/stock/…</c>), or null if it was never written (404).</summary>
    public async Task<StockQuantities?> StockAsync(StockPair pair, CancellationToken cancellation)
    {
        using var response = await Http.GetAsync(pair.StockPath, cancellation);
        var body = await response.Content.ReadAsByteArrayAsync(cancellation);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => StockQuantities.Parse(body),
            HttpStatusCode.NotFound => null,
            _ => throw new HttpRequestException($"{Node}: GET {pair.StockPath} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}"),
        };
    }

    public void Dispose() => Http.Dispose();

    /// <summary>Sends a JSON body and returns the answer's body; anything but 200 throws.</summary>
    private async Task<byte[]> SendOkAsync(HttpMethod method, Uri path, string json, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await Http.SendAsync(request, cancellation);
        var body = await response.Content.ReadAsByteArrayAsync(cancellation);
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new HttpRequestException($"{Node}: {method} {path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
    }

    private async Task<long> SendFeedAsync(HttpMethod method, Uri path, string json, CancellationToken cancellation)
    {
        var body = await SendOkAsync(method, path, json, cancellation);

        // Only an applied change moves the version; a duplicate or stale write would make the lag meaningless.
        if (body.AsSpan().IndexOf("\"outcome\":\"applied\""u8) >= 0)
        {
            return JsonVersion.Read(body, depth: 2);
        }

        throw new InvalidOperationException($"{Node}: {method} {path} was not applied: {Encoding.UTF8.GetString(body)}");
    }
}
