using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Cache;

/// <summary>
/// Closed-loop readers of warmed pairs on one API node: each of <c>concurrency</c> readers keeps one request in flight
/// on its keep-alive connection, picking a random pair each time. The driver shares the cores with the servers, so
/// the loop is kept lean: routes built once, one body buffer per reader, no JSON parsing (the status decides).
/// </summary>
public sealed class CachedReadWorkload(Uri node, BenchApiKey apiKey, IReadOnlyList<StockPair> pairs, int concurrency, TimeSpan warmup, TimeSpan duration)
{
    private const int WarmingUp = 0;
    private const int Measuring = 1;
    private const int Stopping = 2;
    private const int ErrorSampleSize = 5;

    private readonly ConcurrentQueue<string> _errorSample = new();
    private int _phase;

    /// <param name="cpu">Samples CPU use at the start and the end of the measured window.</param>
    /// <param name="cancellation">Stops the readers early.</param>
    public async Task<ReadResult> RunAsync(Func<CpuSnapshot> cpu, CancellationToken cancellation)
    {
        using var http = HttpClients.Create(node, concurrency, apiKey);
        var paths = pairs.Select(p => new Uri(node, p.AvailabilityPath)).ToArray();
        var readers = Enumerable.Range(0, concurrency).Select(i => new Reader(http, paths, (uint)(i * 7919 + 17))).ToList();
        _phase = WarmingUp;
        var tasks = readers.Select(r => Task.Run(() => ReadLoopAsync(r, cancellation), cancellation)).ToList();

        long windowStart = 0;
        CpuSnapshot? cpuAtStart = null;
        try
        {
            await Task.Delay(warmup, cancellation);
            cpuAtStart = cpu();
            windowStart = Stopwatch.GetTimestamp();
            Volatile.Write(ref _phase, Measuring);
            await Task.Delay(duration, cancellation);
        }
        finally
        {
            Volatile.Write(ref _phase, Stopping);
            await Task.WhenAll(tasks);
        }

        var elapsed = Stopwatch.GetElapsedTime(windowStart);
        var cpuWindow = cpu().Since(cpuAtStart!);
        return new ReadResult(
            $"C# driver, {concurrency} connections",
            readers.Sum(r => (long)r.Latency.Count),
            readers.Sum(r => r.Errors),
            elapsed,
            LatencyRecorder.Merge(readers.Select(r => r.Latency)),
            [.. _errorSample]) { Cpu = cpuWindow };
    }

    /// <summary>The same reads for <see cref="WrkDriver"/>: a GET of a random pair's availability per request.</summary>
    public static string WrkRequests(BenchApiKey apiKey, IReadOnlyList<StockPair> pairs)
    {
        var lua = new StringBuilder("local paths = {\n");
        foreach (var pair in pairs)
        {
            lua.Append("  \"").Append(pair.AvailabilityPath).AppendLine("\",");
        }

        lua.AppendLine("}").Append(WrkDriver.HeadersLua(apiKey));
        lua.AppendLine("""
            function request()
              return wrk.format("GET", paths[math.random(#paths)], headers)
            end
            """);
        return lua.ToString();
    }

    private async Task ReadLoopAsync(Reader reader, CancellationToken cancellation)
    {
        while (true)
        {
            var phase = Volatile.Read(ref _phase);
            if (phase == Stopping || cancellation.IsCancellationRequested)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            string? error;
            try
            {
                using var response = await reader.Http.GetAsync(reader.NextPath(), HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
                var length = await HttpClients.ReadBodyAsync(response, reader.Buffer, CancellationToken.None);
                error = response.StatusCode == HttpStatusCode.OK && length > 0 ? null : $"status {(int)response.StatusCode}";
            }
            catch (Exception ex)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (phase != Measuring)
            {
                continue;
            }

            if (error is null)
            {
                reader.Latency.RecordSince(started);
            }
            else
            {
                reader.Errors++;
                if (_errorSample.Count < ErrorSampleSize)
                {
                    _errorSample.Enqueue(error);
                }
            }
        }
    }

    /// <summary>One closed-loop reader: its random sequence, body buffer and samples.</summary>
    private sealed class Reader(HttpClient http, Uri[] paths, uint seed)
    {
        private uint _state = seed | 1;

        public HttpClient Http { get; } = http;
        public byte[] Buffer { get; } = new byte[2048];
        public LatencyRecorder Latency { get; } = new(16 * 1024);
        public long Errors { get; set; }

        // xorshift32: a benchmark needs spread, not unpredictability, and this costs nothing per request.
        public Uri NextPath()
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return paths[_state % (uint)paths.Length];
        }
    }
}
