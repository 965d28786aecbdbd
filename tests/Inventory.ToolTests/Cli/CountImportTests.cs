using Inventory.Cli.Counts;
using Inventory.Cli.Hosting;
using Inventory.Cli.Http;
using Inventory.ToolTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Inventory.ToolTests.Cli;

/// <summary>The import against an in-memory service that can fail on cue: interruptions, lost answers, 503s, refused keys.</summary>
public sealed class CountImportTests : IDisposable
{
    private static readonly DateTimeOffset Taken = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<CountLine> FiveHundredCounts =
        [.. Enumerable.Range(0, 500).Select(i => new CountLine(i + 2, "WH1", $"SKU-{i:D3}", i, null, Taken))];

    private readonly TempDirectory _folder = new();
    private readonly FakeCountService _service = new();

    [Fact]
    public async Task AnImportCutShortIsFinishedByARerunThatSendsOnlyTheRestAndAppliesNothingTwice()
    {
        // The third file is applied but its answer is lost as the connection drops, and the service stays unreachable.
        _service.Fault = n => n switch { 3 => FakeFault.AnswerLost, > 3 => FakeFault.Unreachable, _ => FakeFault.None };
        var first = await ImportAsync(retries: 0);

        _service.Fault = _ => FakeFault.None;
        var second = await ImportAsync(retries: 0);

        Assert.Equal(
            (200, 0, 0, 0, 100, 200, ExitCodes.Unavailable),
            (first.Applied, first.Stale, first.Skipped, first.Failed, first.Unanswered, first.NotSent, first.ExitCode));
        Assert.Equal("Cannot reach the inventory service at http://inventory.test/: Connection reset by peer (fake)", first.StoppedBecause);
        Assert.Empty(first.Failures);
        Assert.Equal(
            (200, 100, 200, 0, 0, 0, ExitCodes.Ok),
            (second.Applied, second.Stale, second.Skipped, second.Failed, second.Unanswered, second.NotSent, second.ExitCode));
        Assert.Equal(
            [.. Enumerable.Range(200, 300).Select(i => $"SKU-{i:D3}")],
            _service.Requests.Skip(3).SelectMany(r => r));
        Assert.Equal(500, _service.Applied.Count);
        Assert.All(_service.Applied.Values, times => Assert.Equal(1, times));
    }

    [Fact]
    public async Task WithoutTheJournalARerunIsAnsweredStaleAndAppliesNothing()
    {
        var first = await ImportAsync(retries: 0, journal: false);
        var second = await ImportAsync(retries: 0, journal: false);

        Assert.Equal((500, 0), (first.Applied, first.Stale));
        Assert.Equal((0, 500, 0, ExitCodes.Ok), (second.Applied, second.Stale, second.Skipped, second.ExitCode));
        Assert.All(_service.Applied.Values, times => Assert.Equal(1, times));
    }

    [Fact]
    public async Task AnInterruptionWhileTheLastFileIsInFlightEndsWith130AndCountsItUnanswered()
    {
        _service.Fault = n => n == 5 ? FakeFault.NoAnswer : FakeFault.None;
        using var interrupt = new CancellationTokenSource();
        var import = ImportAsync(retries: 0, cancellationToken: interrupt.Token);

        await Eventually.MatchesAsync(() => Task.FromResult(_service.Requests.Count), n => n == 5, n => $"the last file to be sent ({n} requests so far)");
        await interrupt.CancelAsync();
        var summary = await import.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(
            (400, 0, 100, 0, ExitCodes.Interrupted, "Interrupted."),
            (summary.Applied, summary.Failed, summary.Unanswered, summary.NotSent, summary.ExitCode, summary.StoppedBecause));
    }

    [Fact]
    public async Task A503IsSentAgainOnlyAfterItsRetryAfter()
    {
        var time = new WatchedTimeProvider(Taken);
        _service.Fault = n => n == 1 ? FakeFault.Unavailable : FakeFault.None;
        var import = ImportAsync(retries: 3, counts: FiveHundredCounts.Take(100).ToList(), time: time);

        var delay = await time.FirstTimer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(7), delay);
        time.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Single(_service.Requests);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var summary = await import.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, _service.Requests.Count);
        Assert.Equal((100, 0, ExitCodes.Ok), (summary.Applied, summary.Failed, summary.ExitCode));
    }

    [Fact]
    public async Task FilesStillUnavailableAfterTheRetriesAreCountedUnansweredAndTheOthersStillSent()
    {
        var time = new ImpatientTimeProvider();
        _service.Fault = n => n is 2 or 3 ? FakeFault.Unavailable : FakeFault.None;

        var summary = await ImportAsync(retries: 1, time: time);

        Assert.Equal([TimeSpan.FromSeconds(7)], time.Waits);
        Assert.Equal(
            (400, 0, 100, 0, ExitCodes.Unavailable),
            (summary.Applied, summary.Failed, summary.Unanswered, summary.NotSent, summary.ExitCode));
        Assert.Equal((null, "Refused [service-unavailable, HTTP 503]"), (summary.StoppedBecause, summary.UnansweredBecause));
        Assert.Equal(6, _service.Requests.Count);
    }

    [Fact]
    public async Task AKeyTheServiceRefusesStopsTheImportAtTheFirstFile()
    {
        _service.Fault = _ => FakeFault.Unauthorized;

        var summary = await ImportAsync(retries: 3);

        Assert.Single(_service.Requests);
        Assert.Equal((0, 100, 0, 400, ExitCodes.Unauthorized), (summary.Applied, summary.Failed, summary.Unanswered, summary.NotSent, summary.ExitCode));
        Assert.Equal("Refused [unauthorized, HTTP 401]", summary.StoppedBecause);
    }

    public void Dispose()
    {
        _service.Dispose();
        _folder.Dispose();
    }

    /// <summary>Imports in files of 100, one at a time so the fault schedule is exact; the journal next to a made-up CSV.</summary>
    private async Task<ImportSummary> ImportAsync(
        int retries, bool journal = true, IReadOnlyList<CountLine>? counts = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        using var http = InventoryClient.CreateHttpClient(new Uri("http://inventory.test/"), "key", _service);
        var client = new InventoryClient(http, new RetryPolicy(retries), time ?? TimeProvider.System);
        var log = journal ? ImportJournal.Open(_folder.File("counts.csv.journal"), "sha256=test as-of=-") : ImportJournal.None("sha256=test as-of=-");
        return await new CountImport(client, log, filesInFlight: 1).RunAsync("counts.csv", counts ?? FiveHundredCounts, 100, _ => { }, cancellationToken);
    }

    /// <summary>A clock whose timers fire at once, recording how long each was asked to wait.</summary>
    private sealed class ImpatientTimeProvider : TimeProvider
    {
        private readonly List<TimeSpan> _waits = [];

        public IReadOnlyList<TimeSpan> Waits
        {
            get
            {
                lock (_waits)
                {
                    return [.. _waits];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (_waits)
            {
                _waits.Add(dueTime);
            }

            return base.CreateTimer(callback, state, TimeSpan.Zero, period);
        }
    }

    /// <summary>A fake clock that says when the first timer (the retry's delay) starts waiting on it, and for how long.</summary>
    private sealed class WatchedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly TaskCompletionSource<TimeSpan> _firstTimer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TimeSpan> FirstTimer => _firstTimer.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _firstTimer.TrySetResult(dueTime);
            return timer;
        }
    }
}
