namespace Inventory.Channels;

/// <summary>
/// Signs every HTTP attempt of a delivery (it sits inside the resilience handler, so a retry gets a fresh timestamp
/// and signature instead of a stale one the receiver would refuse).
/// </summary>
public sealed class ChannelSigningHandler(string secret, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Remove(ChannelHeaders.Timestamp);
        request.Headers.Remove(ChannelHeaders.Signature);
        request.Headers.Add(ChannelHeaders.Timestamp, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(ChannelHeaders.Signature, ChannelSignature.Compute(secret, timestamp, body));
        return await base.SendAsync(request, cancellationToken);
    }
}
