using System.Diagnostics;
using Inventory.Bench.Hosting;
using Inventory.Bench.Http;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Cache;

/// <summary>
/// How long after a write is acknowledged every API node's cache shows it. Each change is a receipt written through
/// the first node; as soon as the write is acknowledged, one watcher per node polls that node's availability until
/// the version is at least the written one. The lag of a change on a node is the time from the acknowledgement to
/// the answer of the first poll that showed it, so it is an upper bound with a resolution of one poll round trip.
/// </summary>
public sealed class InvalidationLagWorkload(
    IReadOnlyList<StockPair> pairs,
    InventoryApi writer,
    IReadOnlyList<Uri> nodes,
    IReadOnlyList<string> nodeNames,
    BenchApiKey apiKey,
    CacheOptions options)
{
    /// <summary>Most changes made before measuring, so the stream, the fan-out and both observers are warm.</summary>
    private const int MaxWarmupChanges = 20;

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private int _operation;

    public async Task<LagResult> RunAsync(CancellationToken cancellation)
    {
        // Lanes never share a pair, so two changes in flight never wait on each other's grain.
        var lanes = Enumerable.Range(0, options.InFlight)
            .Select(lane => new Lane([.. pairs.Where((_, i) => i % options.InFlight == lane)], nodes, nodeNames, apiKey))
            .ToList();
        try
        {
            await Task.WhenAll(lanes.Select(lane => RunLaneAsync(lane, Math.Clamp(options.Changes / 4, 1, MaxWarmupChanges), cancellation)));
            foreach (var lane in lanes)
            {
                lane.Reset();
            }

            var started = Stopwatch.GetTimestamp();
            var share = Enumerable.Range(0, lanes.Count).Select(i => options.Changes / lanes.Count + (i < options.Changes % lanes.Count ? 1 : 0)).ToList();
            await Task.WhenAll(lanes.Select((lane, i) => RunLaneAsync(lane, share[i], cancellation)));
            var elapsed = Stopwatch.GetElapsedTime(started);

            var perNode = nodeNames.Select((name, n) => new NodeLag(
                name,
                LatencyRecorder.Merge(lanes.Select(l => l.Watchers[n].Lag)),
                lanes.Sum(l => l.Watchers[n].NotSeen),
                lanes.Sum(l => l.Watchers[n].SeenOnFirstPoll))).ToList();
            return new LagResult(
                options.Changes,
                elapsed,
                perNode,
                LatencyRecorder.Merge(lanes.SelectMany(l => l.Watchers.Select(w => w.Lag))),
                LatencyRecorder.Merge(lanes.SelectMany(l => l.Watchers.Select(w => w.PollRoundTrip))),
                LatencyRecorder.Merge(lanes.Select(l => l.WriteAck)));
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Dispose();
            }
        }
    }

    private Task RunLaneAsync(Lane lane, int changes, CancellationToken cancellation) =>
        lane.RunAsync(writer, NextOperationId, changes, options.PollGapMs, options.PaceMs, TimeSpan.FromMilliseconds(options.LagTimeoutMs), cancellation);

    private string NextOperationId() => $"bench-{_runId}-{Interlocked.Increment(ref _operation)}";

    /// <summary>One change at a time on its own pairs, with its own watcher connection per node.</summary>
    private sealed class Lane(IReadOnlyList<StockPair> pairs, IReadOnlyList<Uri> nodes, IReadOnlyList<string> names, BenchApiKey apiKey) : IDisposable
    {
        private int _next;

        public IReadOnlyList<Watcher> Watchers { get; } = [.. nodes.Select((node, n) => new Watcher(new InventoryApi(HttpClients.Create(node, 1, apiKey), names[n])))];

        public LatencyRecorder WriteAck { get; } = new();

        public async Task RunAsync(
            InventoryApi writer, Func<string> operationIds, int changes, int pollGapMs, int paceMs, TimeSpan timeout, CancellationToken cancellation)
        {
            var timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            for (var c = 0; c < changes; c++)
            {
                var pair = pairs[_next++ % pairs.Count];
                var sent = Stopwatch.GetTimestamp();
                var version = await writer.ReceiveAsync(pair, 1, operationIds(), cancellation);
                var acknowledged = Stopwatch.GetTimestamp();
                WriteAck.Record(acknowledged - sent);
                await Task.WhenAll(Watchers.Select(w => w.WaitForAsync(pair, version, acknowledged, timeoutTicks, pollGapMs, cancellation)));
                if (paceMs > 0)
                {
                    // Writes paced back to back would start right after the delivery that ended the previous one,
                    // i.e. at a fixed phase of any periodic work on the path, and measure that phase, not the lag.
                    await Task.Delay(Random.Shared.Next(paceMs + 1), cancellation);
                }
            }
        }

        public void Reset()
        {
            WriteAck.Clear();
            foreach (var watcher in Watchers)
            {
                watcher.Reset();
            }
        }

        public void Dispose()
        {
            foreach (var watcher in Watchers)
            {
                watcher.Api.Dispose();
            }
        }
    }

    /// <summary>Polls one node until it shows a version.</summary>
    private sealed class Watcher(InventoryApi api)
    {
        private readonly byte[] _buffer = new byte[4096];

        public InventoryApi Api { get; } = api;
        public LatencyRecorder Lag { get; } = new();
        public LatencyRecorder PollRoundTrip { get; } = new(64 * 1024);
        public int NotSeen { get; private set; }
        public int SeenOnFirstPoll { get; private set; }

        public async Task WaitForAsync(StockPair pair, long version, long acknowledged, long timeout, int gapMs, CancellationToken cancellation)
        {
            for (var poll = 0; ; poll++)
            {
                var sent = Stopwatch.GetTimestamp();
                var seen = await Api.AvailabilityVersionAsync(pair, _buffer, cancellation);
                var answered = Stopwatch.GetTimestamp();
                PollRoundTrip.Record(answered - sent);
                if (seen >= version)
                {
                    Lag.Record(answered - acknowledged);
                    SeenOnFirstPoll += poll == 0 ? 1 : 0;
                    return;
                }

                if (answered - acknowledged > timeout)
                {
                    NotSeen++;
                    return;
                }

                if (gapMs > 0)
                {
                    await Task.Delay(gapMs, cancellation);
                }
            }
        }

        public void Reset()
        {
            Lag.Clear();
            PollRoundTrip.Clear();
            NotSeen = 0;
            SeenOnFirstPoll = 0;
        }
    }
}
