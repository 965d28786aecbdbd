using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Inventory.ClusterTests;

/// <summary>
/// The failures that matter, on real processes: 3 silos on Redis membership and PostgreSQL storage, the API as a
/// separate client, storefront load running throughout. Each test reports what it measured.
/// </summary>
[Collection(Name)]
public class FailureTests(ITestOutputHelper output)
{
    public const string Name = "process clusters";

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(4);

    /// <summary>
    /// The checkout budget the cluster runs with (the API's default): a call that was not failed over to another gateway
    /// waits all of it and is answered 503. How long failover takes is measured and reported, never asserted: a slow
    /// machine takes longer, and a check must not depend on that.
    /// </summary>
    private static readonly TimeSpan CheckoutBudget = TimeSpan.FromSeconds(5);

    /// <summary>At most this share of the requests from the kill on may get 503 (those whose pair was on the dead silo).</summary>
    private const double CrashUnavailableShare = 0.01;

    /// <summary>The first requests of a run wait for JIT compilation and grain activations: not the steady state.</summary>
    private static readonly TimeSpan ColdStart = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ASiloCrashUnderLoadLosesNothingAcknowledgedAndServiceResumes()
    {
        await using var cluster = await ProcessCluster.StartAsync("crash");
        var skus = await ClusterChecks.SeedAsync(cluster.Http, pairs: 20, onHand: 100_000);
        var load = new CheckoutLoad(cluster.Http, skus, ClusterChecks.Location);
        var receipts = new LedgerChecks.Receipts(cluster.Http, skus, ClusterChecks.Location);
        using var stopFeeding = new CancellationTokenSource();
        var feeding = receipts.RunAsync(stopFeeding.Token);

        var (killedAt, _) = await DisruptUnderLoadAsync(load, workers: 16,
            () => Task.Run(cluster.Silos[1].Crash),
            afterwards: () => Task.Delay(TimeSpan.FromSeconds(12)));
        await stopFeeding.CancelAsync();
        await feeding;

        var recovery = ClusterChecks.TimeToLastFailure(load.Answers, killedAt);
        var seen = ClusterChecks.WhatClientsSaw(load.Answers, killedAt);
        var before = ClusterChecks.WhatClientsSaw(load.Answers, ColdStart, killedAt);
        Report(cluster, load, $"kill -9 of silo-1 at {killedAt.TotalSeconds:0.0}s; before it, longest answer {before.Longest.TotalSeconds:0.000}s; from the kill on: {seen}; last failed answer {recovery.TotalSeconds:0.00}s after the kill");
        await NothingAcknowledgedIsLostAsync(cluster, skus, load);
        await LedgerChecks.EveryAcknowledgedChangeHasExactlyOneMovementAsync(cluster, load, receipts);
        Assert.True(recovery < TimeSpan.FromSeconds(10), $"service took {recovery.TotalSeconds:0.0}s to resume");
        Assert.True(load.Answers.Any(a => a.At > killedAt + recovery && a.Status == HttpStatusCode.Created), "no reservation succeeded after the failover");
        // A checkout caught by the crash is failed over to another gateway: answered before its budget ran out.
        Assert.True(seen.Longest < CheckoutBudget,
            $"a request waited {seen.Longest.TotalSeconds:0.000}s around the kill: it waited out its budget instead of being failed over: {seen}");
        Assert.True(seen.Unavailable <= Math.Max(5, seen.Requests * CrashUnavailableShare),
            $"{seen.Unavailable} of {seen.Requests} requests were answered 503 around the kill (limit {CrashUnavailableShare:P0}): {seen}");
    }

    [Fact]
    public async Task ADatabaseOutageFailsWritesCleanlyLosesNothingAndRecoversByItself()
    {
        await using var cluster = await ProcessCluster.StartAsync("db-outage", silos: 2);
        var skus = await ClusterChecks.SeedAsync(cluster.Http, pairs: 10, onHand: 100_000);
        var load = new CheckoutLoad(cluster.Http, skus, ClusterChecks.Location);

        var (downAt, upAt) = await DisruptUnderLoadAsync(load, workers: 8,
            () => OutageAsync(TestServers.StopPostgresAsync, TestServers.StartPostgresAsync),
            afterwards: () => Task.Delay(TimeSpan.FromSeconds(10)));

        var recovery = ClusterChecks.TimeToLastFailure(load.Answers, upAt);
        var duringOutage = load.Answers.Where(a => a.At > downAt + TimeSpan.FromSeconds(1) && a.At < upAt).ToList();
        Report(cluster, load, $"PostgreSQL down {(upAt - downAt).TotalSeconds:0.0}s; during it: {ClusterChecks.Summary(duringOutage)}; last failed answer {recovery.TotalSeconds:0.00}s after it came back");
        await NothingAcknowledgedIsLostAsync(cluster, skus, load);
        Assert.Contains(duringOutage, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.True(recovery < TimeSpan.FromSeconds(8), $"service took {recovery.TotalSeconds:0.0}s to recover after the database returned");
        Assert.True(load.Answers.Any(a => a.At > upAt + recovery && a.Status == HttpStatusCode.Created), "no reservation succeeded after the database returned");
    }

    [Fact]
    public async Task ARedisOutageDoesNotStopTheRunningClusterAndMembershipRecovers()
    {
        await using var cluster = await ProcessCluster.StartAsync("redis-outage", silos: 2);
        var skus = await ClusterChecks.SeedAsync(cluster.Http, pairs: 10, onHand: 100_000);
        var load = new CheckoutLoad(cluster.Http, skus, ClusterChecks.Location);

        // Afterwards, membership works again: a new silo can join through Redis.
        var (downAt, upAt) = await DisruptUnderLoadAsync(load, workers: 8,
            () => OutageAsync(TestServers.StopRedisAsync, TestServers.StartRedisAsync),
            afterwards: async () =>
            {
                await cluster.AddSiloAsync();
                await Task.Delay(TimeSpan.FromSeconds(3));
            });

        var duringOutage = load.Answers.Where(a => a.At >= downAt && a.At < upAt).ToList();
        Report(cluster, load, $"Redis down {(upAt - downAt).TotalSeconds:0.0}s; during it: {ClusterChecks.Summary(duringOutage)}; a new silo joined afterwards");
        await NothingAcknowledgedIsLostAsync(cluster, skus, load);
        Assert.True(duringOutage.Any(a => a.Status == HttpStatusCode.Created), "nothing was served while Redis was down");
        Assert.DoesNotContain(duringOutage, a => a.Status == HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task HoldsOfACrashedSiloStillExpireOnTimeAndNoneLeak()
    {
        var reminderPeriod = TimeSpan.FromSeconds(5);
        await using var cluster = await ProcessCluster.StartAsync("expiry", settings: new Dictionary<string, string>
        {
            ["Inventory__Stock__ExpiryReminderPeriod"] = reminderPeriod.ToString(),
        });
        var skus = await ClusterChecks.SeedAsync(cluster.Http, pairs: 12, onHand: 1_000);
        var ttl = TimeSpan.FromSeconds(8);
        var reservations = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            using var response = await cluster.Http.PostAsync(new Uri("/v1/reservations", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new
            {
                lines = new[] { new { sku = skus[i % skus.Length], location = ClusterChecks.Location, quantity = 1 } },
                ttlSeconds = (int)ttl.TotalSeconds,
            }));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return (Id: body.GetProperty("id").GetString()!, ExpiresAt: body.GetProperty("expiresAt").GetDateTimeOffset());
        }));
        cluster.Silos[1].Crash();
        var lastExpiry = reservations.Max(r => r.ExpiresAt);

        // Watch the stored state only: no request reaches the grains, so only their timers and reminders can act.
        var deadline = lastExpiry + TimeSpan.FromSeconds(60);
        IReadOnlyList<StoredStock.Pair> stored;
        while ((stored = await StoredStock.ReadAllAsync(cluster.ServiceId)).Sum(s => s.Reserved) > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"holds still stored a minute after the last expiry: {stored.Sum(s => s.Reserved)} units");
            await Task.Delay(250);
        }

        var late = DateTimeOffset.UtcNow - lastExpiry;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{cluster.ServiceId}] {reservations.Length} holds over {skus.Length} pairs, silo-1 killed; every hold released {late.TotalSeconds:0.0}s after the last expiry (reminder period {reminderPeriod.TotalSeconds:0}s). {cluster.Describe()}"));
        Assert.Equal(skus.Length, stored.Count);
        Assert.All(stored, s => Assert.Equal(0, s.ActiveHolds));
        Assert.True(late < reminderPeriod + TimeSpan.FromSeconds(15), $"holds were released {late.TotalSeconds:0.0}s late");
        foreach (var (id, _) in reservations)
        {
            var reservation = System.Text.Json.JsonDocument.Parse(await cluster.Http.GetStringAsync(new Uri($"/v1/reservations/{id}", UriKind.Relative))).RootElement;
            Assert.Equal("expired", reservation.GetProperty("status").GetString());
        }

        foreach (var sku in skus)
        {
            var stock = await ClusterChecks.GetStockAsync(cluster.Http, sku);
            Assert.Equal((0L, 1_000L), (stock.GetProperty("reserved").GetInt64(), stock.GetProperty("available").GetInt64()));
        }
    }

    [Fact]
    public async Task AGracefulShutdownHandsGrainsOverWithoutFailingRequests()
    {
        await using var cluster = await ProcessCluster.StartAsync("graceful");
        var skus = await ClusterChecks.SeedAsync(cluster.Http, pairs: 20, onHand: 100_000);
        var load = new CheckoutLoad(cluster.Http, skus, ClusterChecks.Location);

        var (stoppedAt, goneAt) = await DisruptUnderLoadAsync(load, workers: 16,
            () => cluster.Silos[1].StopAsync(TimeSpan.FromSeconds(60)),
            afterwards: () => Task.Delay(TimeSpan.FromSeconds(5)));

        Report(cluster, load, $"SIGTERM to silo-1: it left in {(goneAt - stoppedAt).TotalSeconds:0.0}s");
        await NothingAcknowledgedIsLostAsync(cluster, skus, load);
        Assert.DoesNotContain(load.Answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task AWholeClusterRestartKeepsStockAndReservationsExactlyAsAcknowledged()
    {
        await using var cluster = await ProcessCluster.StartAsync("restart");
        var skus = await ClusterChecks.SeedAsync(cluster.Http, pairs: 10, onHand: 50);
        var load = new CheckoutLoad(cluster.Http, skus, ClusterChecks.Location);
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4)))
        {
            await load.RunAsync(workers: 8, stop.Token);
        }

        var stockBefore = await SnapshotStockAsync(cluster.Http, skus);
        var reservationsBefore = await SnapshotReservationsAsync(cluster.Http, load.Reservations.Keys);

        foreach (var silo in cluster.Silos)
        {
            await silo.StopAsync(TimeSpan.FromSeconds(60));
        }

        foreach (var silo in cluster.Silos)
        {
            silo.Start();
        }

        await Task.WhenAll(cluster.Silos.Select(s => s.WaitUntilReadyAsync(TimeSpan.FromSeconds(120))));
        await WaitForApiAsync(cluster.Http, skus[0]);

        Report(cluster, load, $"restarted all {cluster.Silos.Count} silos; compared {skus.Length} pairs and {reservationsBefore.Count} reservations");
        Assert.Equal(stockBefore, await SnapshotStockAsync(cluster.Http, skus));
        Assert.Equal(reservationsBefore, await SnapshotReservationsAsync(cluster.Http, load.Reservations.Keys));
        await ClusterChecks.AcknowledgedReservationsAreIntactAsync(cluster.Http, load);
    }

    /// <summary>
    /// Runs storefront load, applies <paramref name="disruption"/> after a warm-up, keeps the load going through
    /// <paramref name="afterwards"/>, and returns when the disruption began and ended on the load's clock.
    /// </summary>
    private static async Task<(TimeSpan Began, TimeSpan Ended)> DisruptUnderLoadAsync(
        CheckoutLoad load, int workers, Func<Task> disruption, Func<Task> afterwards)
    {
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(workers, stop.Token);
        await Task.Delay(WarmUp);
        var began = load.Now;
        await disruption();
        var ended = load.Now;
        await afterwards();
        await stop.CancelAsync();
        await running;
        return (began, ended);
    }

    /// <summary>A server down for about ten seconds; it is started again whatever happens.</summary>
    private static async Task OutageAsync(Func<Task> stop, Func<Task> start)
    {
        try
        {
            await stop();
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await start();
        }
    }

    private static async Task NothingAcknowledgedIsLostAsync(ProcessCluster cluster, IEnumerable<string> skus, CheckoutLoad load)
    {
        ClusterChecks.OnlyCleanAnswers(load.Answers);
        await ClusterChecks.AcknowledgedReservationsAreIntactAsync(cluster.Http, load);
        await ClusterChecks.NothingIsOversoldAsync(cluster.Http, skus, load);
    }

    private static async Task<Dictionary<string, string>> SnapshotStockAsync(HttpClient api, IEnumerable<string> skus)
    {
        var result = new Dictionary<string, string>();
        foreach (var sku in skus)
        {
            result[sku] = (await ClusterChecks.GetStockAsync(api, sku)).ToString();
        }

        return result;
    }

    private static async Task<Dictionary<string, string>> SnapshotReservationsAsync(HttpClient api, IEnumerable<string> ids)
    {
        var result = new Dictionary<string, string>();
        foreach (var id in ids.Order(StringComparer.Ordinal))
        {
            result[id] = await api.GetStringAsync(new Uri($"/v1/reservations/{id}", UriKind.Relative));
        }

        return result;
    }

    private static async Task WaitForApiAsync(HttpClient api, string sku)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await api.GetAsync(new Uri($"/v1/stock/{ClusterChecks.Location}/{sku}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The API did not reach the restarted silos: {(int)response.StatusCode}");
            await Task.Delay(250);
        }
    }

    private void Report(ProcessCluster cluster, CheckoutLoad load, string what)
    {
        var ok = load.Answers.Count(a => a.Status is HttpStatusCode.OK or HttpStatusCode.Created);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{cluster.ServiceId}] {what}. Answers: {load.Answers.Count} ({ClusterChecks.Summary(load.Answers)}); {ok} succeeded; {load.Reservations.Count} reservations acknowledged. {cluster.Describe()}"));
    }
}
