using Inventory.Api.Hosting;
using Inventory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace Inventory.IntegrationTests.Api;

/// <summary>The API's grain calls repeat a handover briefly, within their budget, and nothing else.</summary>
public class ClusterCallTests
{
    [Fact]
    public async Task AHandoverIsRepeatedUntilTheCallIsAnswered()
    {
        var attempts = 0;

        var answer = await ClusterCall.RunAsync(
            () => ++attempts < 3 ? throw new SiloUnavailableException() : Task.FromResult("answered"), TimeSpan.FromSeconds(30));

        Assert.Equal(("answered", 3), (answer, attempts));
    }

    [Fact]
    public async Task AnyOtherFailureSurfacesAtOnce()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InventoryUnavailableException>(() => ClusterCall.RunAsync<int>(() =>
        {
            attempts++;
            throw new InventoryUnavailableException("storage is away");
        }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task AHandoverWhosePauseDoesNotFitTheBudgetIsReportedAsItIs()
    {
        // The pauses are 50, 100, 200, 300 and 400 ms: a 100 ms budget leaves room for the first repeat only.
        var clock = new FakeTimeProvider();
        var attempts = 0;

        var call = ClusterCall.RunAsync<int>(() =>
        {
            Interlocked.Increment(ref attempts);
            throw new SiloUnavailableException();
        }, TimeSpan.FromMilliseconds(100), clock);
        await Eventually.MatchesAsync(() => Task.FromResult(Volatile.Read(ref attempts)), n => n == 1, "the first attempt");
        clock.Advance(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task AHandoverThatOutlastsEveryRepeatIsReportedAsItIs()
    {
        var clock = new FakeTimeProvider();
        var attempts = 0;

        var call = ClusterCall.RunAsync<int>(() =>
        {
            Interlocked.Increment(ref attempts);
            throw new SiloUnavailableException();
        }, TimeSpan.FromSeconds(30), clock);
        await Eventually.MatchesAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            return Task.FromResult(call.IsCompleted);
        }, done => done, "the last repeat");

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        Assert.Equal(6, attempts);
    }

    [Fact]
    public async Task ACallThatOutlivesItsBudgetIsAClusterTimeout()
    {
        var clock = new FakeTimeProvider();
        var never = new TaskCompletionSource<int>();

        var call = ClusterCall.RunAsync(() => never.Task, TimeSpan.FromMilliseconds(100), clock);
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(100));

        var timeout = await Assert.ThrowsAsync<ClusterTimeoutException>(() => call);
        Assert.Equal(TimeSpan.FromMilliseconds(100), timeout.Budget);
    }
}
