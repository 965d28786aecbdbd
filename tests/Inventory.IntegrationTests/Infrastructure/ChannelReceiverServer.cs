using System.Collections.Concurrent;
using System.Text.Json;
using Inventory.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>
/// A sales channel's receiver as a channel implementer would write it with the shipped helper: Kestrel on loopback,
/// every delivery checked by <see cref="ChannelDeliveryVerifier"/> (401 otherwise) and applied to a
/// <see cref="ChannelStockView"/>. It records what the tests need: deliveries accepted and refused, and every version
/// applied per pair, so a test can prove that no older version ever replaced a newer one. It can be stopped and
/// started again on the same port to play a channel that is down for a while.
/// </summary>
public sealed class ChannelReceiverServer : IAsyncDisposable
{
    public const string Path = "/stock-updates";

    private readonly ChannelDeliveryVerifier _verifier;
    private readonly ConcurrentDictionary<(string, string), List<long>> _applied = new();
    private readonly ConcurrentDictionary<DeliveryCheck, int> _refused = new();
    private WebApplication? _app;
    private int _accepted;

    public ChannelReceiverServer(string secret)
    {
        _verifier = new ChannelDeliveryVerifier([secret]);
        Port = LoopbackPorts.Next();
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}{Path}");

    public ChannelStockView View { get; } = new();

    public int Accepted => Volatile.Read(ref _accepted);

    public IReadOnlyDictionary<DeliveryCheck, int> Refused => _refused;

    /// <summary>The last accepted delivery exactly as received, to replay or tamper with.</summary>
    public (string Timestamp, string Signature, byte[] Body)? LastAccepted { get; private set; }

    /// <summary>Pairs whose applied versions ever went down (must stay empty).</summary>
    public IReadOnlyList<(string, string)> Regressions => [.. _applied.Where(p => !IsIncreasing(p.Value)).Select(p => p.Key)];

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost(Path, ReceiveAsync);
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var timestamp = request.Headers[ChannelHeaders.Timestamp].ToString();
        var signature = request.Headers[ChannelHeaders.Signature].ToString();
        var check = _verifier.Verify(timestamp, signature, body);
        if (check != DeliveryCheck.Accepted)
        {
            _refused.AddOrUpdate(check, 1, (_, n) => n + 1);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: $"Delivery refused: {check}");
        }

        var batch = JsonSerializer.Deserialize<ChannelBatch>(body, ChannelJson.Options)!;
        foreach (var item in batch.Items)
        {
            if (View.Apply(item))
            {
                var versions = _applied.GetOrAdd((item.Location, item.Sku), _ => []);
                lock (versions)
                {
                    versions.Add(item.Version);
                }
            }
        }

        LastAccepted = (timestamp, signature, body);
        Interlocked.Increment(ref _accepted);
        return Results.Ok();
    }

    private static bool IsIncreasing(List<long> versions)
    {
        lock (versions)
        {
            return versions.Zip(versions.Skip(1)).All(pair => pair.First < pair.Second);
        }
    }
}
