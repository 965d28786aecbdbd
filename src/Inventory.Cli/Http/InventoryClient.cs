using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Inventory.Cli.Hosting;

namespace Inventory.Cli.Http;

/// <summary>
/// The API as the commands see it: sends the key in <c>X-Api-Key</c>, retries what <see cref="RetryPolicy"/> allows,
/// and turns every failure into a <see cref="CliException"/> with one clear line and a stable exit code.
/// </summary>
public sealed class InventoryClient(HttpClient http, RetryPolicy retries, TimeProvider time)
{
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Builds the client for <paramref name="baseUrl"/>; a trailing path (behind a gateway) is kept.</summary>
    public static HttpClient CreateHttpClient(Uri baseUrl, string apiKey, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.BaseAddress = root;
        // A count file waits for its slowest pair, bounded by the service's feed budget (30 s by default).
        client.Timeout = TimeSpan.FromSeconds(100);
        client.DefaultRequestHeaders.Add(ApiKeyHeader, apiKey);
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"inventory-cli/{typeof(InventoryClient).Assembly.GetName().Version?.ToString(3) ?? "0"}");
        return client;
    }

    /// <summary>A path under the API root, each segment escaped: <c>Path("v1", "stock", location, sku)</c>.</summary>
    public static string Path(params string[] segments) => string.Join('/', segments.Select(Uri.EscapeDataString));

    /// <summary>GETs <paramref name="path"/> and returns its JSON, or throws for any answer but success.</summary>
    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        if (response.Problem is { } problem)
        {
            throw new CliException(problem.ExitCode, problem.Message, problem);
        }

        return response.Json ?? throw new CliException(ExitCodes.Unexpected, $"The service answered GET {path} with an empty body.");
    }

    /// <summary>
    /// Sends the request until it is answered by something other than 429/503 or the retries are spent, and returns
    /// that answer; throws when the service cannot be reached at all.
    /// </summary>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        for (var retry = 1; ; retry++)
        {
            TimeSpan? delay;
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
                if (body is not null)
                {
                    request.Content = JsonContent.Create(body, options: BodyJson);
                }

                using var response = await http.SendAsync(request, cancellationToken);
                var content = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return new ApiResponse(response.StatusCode, Parse(response.StatusCode, content), null);
                }

                var problem = ApiProblem.Read(response.StatusCode, content);
                delay = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
                    ? retries.DelayBefore(retry, RetryAfter(response))
                    : null;
                if (delay is null)
                {
                    return new ApiResponse(response.StatusCode, null, problem);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TaskCanceledException)
            {
                delay = retries.DelayBefore(retry, null);
                if (delay is null)
                {
                    var reason = e is TaskCanceledException ? $"no answer within {http.Timeout.TotalSeconds:0} s" : e.Message;
                    throw new CliException(ExitCodes.Unavailable, $"Cannot reach the inventory service at {http.BaseAddress}: {reason}");
                }
            }

            await Task.Delay(delay.Value, time, cancellationToken);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    private static JsonElement? Parse(HttpStatusCode status, string content)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.Unexpected, $"The service answered {(int)status} with a body that is not JSON; is --url the inventory API?");
        }
    }
}
