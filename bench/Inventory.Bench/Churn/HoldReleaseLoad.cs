using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Churn;

/// <summary>
/// Closed-loop checkout clients on one pair, each repeating a cycle: hold one unit (<c>POST /v1/reservations</c>, 201),
/// then release it (<c>DELETE /v1/reservations/{id}</c>). Only the hold is timed. Any other answer, and every exception,
/// is an error; nothing is retried. The pair's row sees one hold and one release per cycle, which is what a flash sale
/// of abandoned carts does to it.
/// </summary>
public sealed class HoldReleaseLoad(Uri service, BenchApiKey apiKey, StockPair pair, int clients)
{
    private const int ErrorSampleSize = 5;
    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        $$"""{"lines":[{"sku":"{{pair.Sku}}","location":"{{pair.Location}}","quantity":1}],"ttlSeconds":600}""");

    private readonly List<string> _errorSample = [];
    private List<LatencyRecorder> _holds = [];
    private long _cyclesLeft;
    private long _cyclesDone;
    private long _errors;

    public long CyclesDone => Interlocked.Read(ref _cyclesDone);

    /// <summary>The hold latencies of the last run, one recorder per client.</summary>
    public IReadOnlyList<LatencyRecorder> Holds => _holds;

    public long Errors => Interlocked.Read(ref _errors);

    public IReadOnlyList<string> ErrorSample
    {
        get
        {
            lock (_errorSample)
            {
                return [.. _errorSample];
            }
        }
    }

    /// <summary>Exactly <paramref name="cycles"/> cycles spread over the clients; returns the hold latencies.</summary>
    public Task<LatencySummary> RunCyclesAsync(long cycles, CancellationToken cancellation)
    {
        _cyclesLeft = cycles;
        return RunAsync(CancellationToken.None, cancellation);
    }

    /// <summary>Cycles until <paramref name="duration"/> has passed; returns the hold latencies.</summary>
    public async Task<LatencySummary> RunForAsync(TimeSpan duration, CancellationToken cancellation)
    {
        _cyclesLeft = long.MaxValue;
        using var stop = new CancellationTokenSource(duration);
        return await RunAsync(stop.Token, cancellation);
    }

    private async Task<LatencySummary> RunAsync(CancellationToken stop, CancellationToken cancellation)
    {
        using var http = HttpClients.Create(service, clients, apiKey);
        _holds = [.. Enumerable.Range(0, clients).Select(_ => new LatencyRecorder(16 * 1024))];
        await Task.WhenAll(_holds.Select(recorder => Task.Run(() => LoopAsync(http, recorder, stop, cancellation), cancellation)));
        return LatencyRecorder.Merge(_holds);
    }

    private async Task LoopAsync(HttpClient http, LatencyRecorder holds, CancellationToken stop, CancellationToken cancellation)
    {
        var buffer = new byte[16 * 1024];
        while (!stop.IsCancellationRequested && Interlocked.Decrement(ref _cyclesLeft) >= 0)
        {
            cancellation.ThrowIfCancellationRequested();
            try
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new ByteArrayContent(_body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                string id;
                using (var held = await http.PostAsync("/v1/reservations", content, CancellationToken.None))
                {
                    var length = await HttpClients.ReadBodyAsync(held, buffer, CancellationToken.None);
                    if (held.StatusCode != HttpStatusCode.Created)
                    {
                        Fail($"hold: status {(int)held.StatusCode}: {Encoding.UTF8.GetString(buffer, 0, Math.Min(length, 300))}");
                        continue;
                    }

                    holds.RecordSince(started);
                    using var answer = JsonDocument.Parse(buffer.AsMemory(0, length));
                    id = answer.RootElement.GetProperty("id").GetString()!;
                }

                using var released = await http.DeleteAsync(new Uri($"/v1/reservations/{id}", UriKind.Relative), CancellationToken.None);
                await HttpClients.ReadBodyAsync(released, buffer, CancellationToken.None);
                if (!released.IsSuccessStatusCode)
                {
                    Fail($"release: status {(int)released.StatusCode}");
                    continue;
                }

                Interlocked.Increment(ref _cyclesDone);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or InvalidOperationException or TaskCanceledException)
            {
                Fail($"{ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private void Fail(string error)
    {
        Interlocked.Increment(ref _errors);
        lock (_errorSample)
        {
            if (_errorSample.Count < ErrorSampleSize)
            {
                _errorSample.Add(error);
            }
        }
    }
}
