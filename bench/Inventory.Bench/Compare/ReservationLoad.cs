using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Compare;

/// <summary>
/// Closed-loop checkout clients: each keeps one <c>POST /v1/reservations</c> (one line, quantity 1) in flight on its
/// keep-alive connection, on a pair it picks at random from <paramref name="pairs"/>. Only 201 is a success; 409 with
/// <c>insufficient-stock</c> is a rejection; every other answer, and every exception, is an error. Nothing is retried.
/// </summary>
public sealed class ReservationLoad(Uri service, BenchApiKey apiKey, IReadOnlyList<StockPair> pairs, int clients)
{
    private const int WarmingUp = 0;
    private const int Measuring = 1;
    private const int Stopping = 2;
    private const int ErrorSampleSize = 5;
    // The longest the service allows: no hold of a run expires while the run lasts, so no cell pays for the expiry
    // of holds an earlier cell made (the HTTP peer clamps to the same hour).
    private const int TtlSeconds = 3_600;

    private readonly ConcurrentQueue<string> _errorSample = new();
    private int _phase;
    private long _attemptsLeft;

    /// <summary>Runs for <paramref name="warmup"/> unmeasured, then measures until <paramref name="measureUntil"/> completes.</summary>
    public async Task<LoadResult> RunAsync(TimeSpan warmup, Func<CancellationToken, Task> measureUntil, Func<CpuSnapshot>? cpu, CancellationToken cancellation)
    {
        _attemptsLeft = long.MaxValue;
        using var http = HttpClients.Create(service, clients, apiKey);
        var bodies = pairs.Select(Body).ToArray();
        var workers = Enumerable.Range(0, clients).Select(i => new Client(http, bodies, (uint)(i * 7919 + 17))).ToList();
        _phase = warmup > TimeSpan.Zero ? WarmingUp : Measuring;
        var tasks = workers.Select(w => Task.Run(() => LoopAsync(w, cancellation), cancellation)).ToList();
        long windowStart = Stopwatch.GetTimestamp();
        CpuSnapshot? cpuAtStart = null;
        try
        {
            if (warmup > TimeSpan.Zero)
            {
                await Task.Delay(warmup, cancellation);
            }

            cpuAtStart = cpu?.Invoke();
            windowStart = Stopwatch.GetTimestamp();
            Volatile.Write(ref _phase, Measuring);
            await measureUntil(cancellation);
        }
        finally
        {
            Volatile.Write(ref _phase, Stopping);
            await Task.WhenAll(tasks);
        }

        return Result(workers, Stopwatch.GetElapsedTime(windowStart)) with { Cpu = cpuAtStart is null ? null : cpu!().Since(cpuAtStart) };
    }

    /// <summary>Exactly <paramref name="attempts"/> attempts (spread over the clients), all measured.</summary>
    public async Task<LoadResult> RunAttemptsAsync(long attempts, CancellationToken cancellation)
    {
        _attemptsLeft = attempts;
        _phase = Measuring;
        using var http = HttpClients.Create(service, clients, apiKey);
        var bodies = pairs.Select(Body).ToArray();
        var workers = Enumerable.Range(0, clients).Select(i => new Client(http, bodies, (uint)(i * 7919 + 17))).ToList();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(workers.Select(w => Task.Run(() => LoopAsync(w, cancellation), cancellation)));
        return Result(workers, Stopwatch.GetElapsedTime(started));
    }

    private LoadResult Result(List<Client> workers, TimeSpan elapsed) => new(
        clients,
        workers.Sum(w => w.Ok),
        workers.Sum(w => w.Rejected),
        workers.Sum(w => w.Errors),
        elapsed,
        LatencyRecorder.Merge(workers.Select(w => w.Latency)),
        [.. _errorSample]) { AllAnswered = workers.Sum(w => w.Answered), AllOk = workers.Sum(w => w.Acknowledged) };

    /// <summary>
    /// The same reservations for <see cref="WrkDriver"/>: each thread formats one request per pair once, then posts a
    /// random one per request.
    /// </summary>
    public static string WrkRequests(BenchApiKey apiKey, IReadOnlyList<StockPair> pairs)
    {
        // Pair names are letters, digits and dashes: the JSON needs no escaping inside a single-quoted Lua string.
        var lua = new StringBuilder("local bodies = {\n");
        foreach (var pair in pairs)
        {
            lua.Append("  '").Append(BodyText(pair)).AppendLine("',");
        }

        lua.AppendLine("}").Append(WrkDriver.HeadersLua(apiKey, ("Content-Type", "application/json")));
        lua.AppendLine("""
            local requests = {}
            function prepare()
              for i, body in ipairs(bodies) do
                requests[i] = wrk.format("POST", "/v1/reservations", headers, body)
              end
            end
            function request()
              return requests[math.random(#requests)]
            end
            """);
        return lua.ToString();
    }

    private static byte[] Body(StockPair pair) => Encoding.UTF8.GetBytes(BodyText(pair));

    private static string BodyText(StockPair pair) =>
        $$"""{"lines":[{"sku":"{{pair.Sku}}","location":"{{pair.Location}}","quantity":1}],"ttlSeconds":{{TtlSeconds}}}""";

    private async Task LoopAsync(Client client, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var phase = Volatile.Read(ref _phase);
            if (phase == Stopping || Interlocked.Decrement(ref _attemptsLeft) < 0)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            string? error = null;
            var rejected = false;
            try
            {
                using var content = new ByteArrayContent(client.NextBody());
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using var response = await client.Http.PostAsync("/v1/reservations", content, CancellationToken.None);
                var length = await HttpClients.ReadBodyAsync(response, client.Buffer, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Conflict && client.Buffer.AsSpan(0, length).IndexOf("insufficient-stock"u8) >= 0)
                {
                    rejected = true;
                }
                else if (response.StatusCode != HttpStatusCode.Created)
                {
                    error = $"status {(int)response.StatusCode}: {Encoding.UTF8.GetString(client.Buffer, 0, Math.Min(length, 300))}";
                }
            }
            catch (Exception ex)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
            }

            if (error is null)
            {
                client.Answered++;
                client.Acknowledged += rejected ? 0 : 1;
            }

            if (phase != Measuring)
            {
                continue;
            }

            if (error is not null)
            {
                client.Errors++;
                if (_errorSample.Count < ErrorSampleSize)
                {
                    _errorSample.Enqueue(error);
                }

                continue;
            }

            client.Latency.RecordSince(started);
            if (rejected)
            {
                client.Rejected++;
            }
            else
            {
                client.Ok++;
            }
        }
    }

    /// <summary>One closed-loop client: its random sequence, body buffer and counts.</summary>
    private sealed class Client(HttpClient http, byte[][] bodies, uint seed)
    {
        private uint _state = seed | 1;

        public HttpClient Http { get; } = http;
        public byte[] Buffer { get; } = new byte[16 * 1024];
        public LatencyRecorder Latency { get; } = new(16 * 1024);
        public long Ok { get; set; }
        public long Rejected { get; set; }
        public long Errors { get; set; }
        public long Answered { get; set; }
        public long Acknowledged { get; set; }

        // xorshift32: spread, not unpredictability.
        public byte[] NextBody()
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return bodies[_state % (uint)bodies.Length];
        }
    }
}
