using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Inventory.ToolTests.Infrastructure;

/// <summary>A sales channel's receiver that accepts every delivery (Kestrel on loopback) and counts them.</summary>
public sealed class ChannelStub : IAsyncDisposable
{
    private WebApplication? _app;
    private int _deliveries;

    public int Port { get; } = LoopbackPorts.Next();

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/stock-updates");

    public int Deliveries => Volatile.Read(ref _deliveries);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        _app = builder.Build();
        _app.MapPost("/stock-updates", () =>
        {
            Interlocked.Increment(ref _deliveries);
            return Results.Ok();
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
