using Inventory.Api.Hosting;
using Inventory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;

namespace Inventory.IntegrationTests.Api;

/// <summary>
/// A call waiting when one of the client's gateway connections closes fails at once as a handover, and the API repeats
/// it, instead of waiting out its budget for an answer that cannot come.
/// </summary>
public class GatewayLossBreakerTests
{
    [Fact]
    public async Task ACallWaitingWhenAGatewayConnectionClosesFailsAsAHandover()
    {
        using var breaker = new GatewayLossBreaker();
        var never = new TaskCompletionSource();

        var call = breaker.GuardAsync(() => never.Task);
        Assert.False(call.IsCompleted);
        breaker.NotifyGatewayCountChanged(2, 3, connectionRecovered: false);

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        Assert.True(TransientFailures.IsHandover(failure));
    }

    [Fact]
    public async Task ACallSentAfterTheLossWaitsForItsAnswer()
    {
        using var breaker = new GatewayLossBreaker();
        var answer = new TaskCompletionSource();
        breaker.NotifyGatewayCountChanged(2, 3, connectionRecovered: false);

        var call = breaker.GuardAsync(() => answer.Task);
        Assert.False(call.IsCompleted);
        answer.SetResult();

        await call;
    }

    [Fact]
    public async Task ANewGatewayConnectionFailsNothing()
    {
        using var breaker = new GatewayLossBreaker();
        var answer = new TaskCompletionSource();

        var call = breaker.GuardAsync(() => answer.Task);
        breaker.NotifyGatewayCountChanged(3, 2, connectionRecovered: false);
        breaker.NotifyGatewayCountChanged(1, 0, connectionRecovered: true);
        Assert.False(call.IsCompleted);
        answer.SetResult();

        await call;
    }

    [Fact]
    public async Task LosingTheLastGatewayFailsWhatWasWaiting()
    {
        using var breaker = new GatewayLossBreaker();
        var never = new TaskCompletionSource();

        var call = breaker.GuardAsync(() => never.Task);
        breaker.NotifyClusterConnectionLost();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
    }

    [Fact]
    public async Task AnAnswerOrFailureThatArrivesFirstIsTheCallersOwn()
    {
        using var breaker = new GatewayLossBreaker();

        await breaker.GuardAsync(() => Task.CompletedTask);
        await Assert.ThrowsAsync<InventoryUnavailableException>(() => breaker.GuardAsync(() => Task.FromException(new InventoryUnavailableException("storage is away"))));
    }

    [Fact]
    public async Task ACheckoutCaughtByAGatewayLossIsRepeatedAndAnsweredWithoutWaitingOutItsBudget()
    {
        var clock = new FakeTimeProvider();
        using var breaker = new GatewayLossBreaker();
        var lostOnTheWay = new TaskCompletionSource<string>();
        var attempts = 0;

        var call = ClusterCall.RunAsync(() => Interlocked.Increment(ref attempts) == 1
            ? GuardedAsync(breaker, lostOnTheWay.Task)
            : Task.FromResult("answered"), TimeSpan.FromSeconds(5), clock);
        await Eventually.MatchesAsync(() => Task.FromResult(Volatile.Read(ref attempts)), n => n == 1, "the first attempt");
        var lostAt = clock.GetUtcNow();
        breaker.NotifyGatewayCountChanged(2, 3, connectionRecovered: false);
        // Time passes in small steps until the repeat is answered: after the first pause (50 ms), not the 5 s budget.
        await Eventually.MatchesAsync(() =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(10));
            return Task.FromResult(call.IsCompleted);
        }, answered => answered, "the repeated call");

        Assert.Equal(("answered", 2), (await call, attempts));
        Assert.InRange(clock.GetUtcNow() - lostAt, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ASlowCallOnALiveClusterIsNeverRepeated()
    {
        // A stalled database makes calls slow, not lost: repeating them would only add load.
        var clock = new FakeTimeProvider();
        using var breaker = new GatewayLossBreaker();
        var stalled = new TaskCompletionSource<string>();
        var attempts = 0;

        var call = ClusterCall.RunAsync(() =>
        {
            Interlocked.Increment(ref attempts);
            return GuardedAsync(breaker, stalled.Task);
        }, TimeSpan.FromSeconds(5), clock);
        clock.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<ClusterTimeoutException>(() => call);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task GatewayLossesRepeatACallAtMostFiveTimes()
    {
        var clock = new FakeTimeProvider();
        using var breaker = new GatewayLossBreaker();
        var attempts = 0;

        var call = ClusterCall.RunAsync(() =>
        {
            Interlocked.Increment(ref attempts);
            return GuardedAsync(breaker, new TaskCompletionSource<string>().Task);
        }, TimeSpan.FromSeconds(30), clock);
        // Every attempt is caught by another loss; time passes in small steps so each pause can end.
        await Eventually.MatchesAsync(() =>
        {
            breaker.NotifyGatewayCountChanged(2, 3, connectionRecovered: false);
            clock.Advance(TimeSpan.FromMilliseconds(100));
            return Task.FromResult(call.IsCompleted);
        }, failed => failed, "the last repeat to fail");

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call);
        Assert.Equal(6, attempts);
    }

    // How the filter's failure reaches a typed grain call.
    private static async Task<T> GuardedAsync<T>(GatewayLossBreaker breaker, Task<T> call)
    {
        await breaker.GuardAsync(() => call);
        return await call;
    }
}
