using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Inventory.Diagnostics;

namespace Inventory.Channels;

/// <summary>
/// Sends one batch to a channel over its named <see cref="HttpClient"/> (<see cref="ClientName"/>), which carries
/// the retries, backoff, circuit breaker and signing configured at start-up. Never throws for delivery failures.
/// </summary>
public sealed class ChannelSender(IHttpClientFactory clients)
{
    /// <summary>The name of a channel's HTTP client.</summary>
    public static string ClientName(string channel) => $"inventory-channel-{channel}";

    public async Task<DeliveryOutcome> SendAsync(string channel, Uri endpoint, ChannelBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // A batch carries the latest quantities of many pairs' changes: its delivery (every HTTP attempt inside it) is a
        // trace of its own, not part of whichever change happened to be current.
        using var span = InventoryTracing.StartRoot("deliver channel batch", ActivityKind.Client);
        span?.SetTag(InventoryTracing.ChannelTag, channel).SetTag(InventoryTracing.BatchSizeTag, batch.Items.Count);
        var outcome = await PostAsync(channel, endpoint, batch, cancellationToken);
        if (!outcome.Succeeded)
        {
            span?.SetStatus(ActivityStatusCode.Error, outcome.Error);
        }

        return outcome;
    }

    private async Task<DeliveryOutcome> PostAsync(string channel, Uri endpoint, ChannelBatch batch, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(batch, ChannelJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await clients.CreateClient(ClientName(channel)).PostAsync(endpoint, content, cancellationToken);
            return response.IsSuccessStatusCode
                ? DeliveryOutcome.Success
                : DeliveryOutcome.Failure($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.ExecutionRejectedException)
        {
            return DeliveryOutcome.Failure($"{e.GetType().Name}: {e.Message}");
        }
    }
}
