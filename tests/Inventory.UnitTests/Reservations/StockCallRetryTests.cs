using Inventory.Reservations;
using Microsoft.Extensions.Time.Testing;
using Orleans.Storage;

namespace Inventory.UnitTests.Reservations;

public class StockCallRetryTests
{
    private static readonly TimeSpan[] NoPauses = [TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero];

    [Fact]
    public async Task AVersionConflictIsRepeatedUntilTheCallSucceeds()
    {
        var attempts = 0;
        var retries = new List<int>();

        var result = await StockCallRetry.RunAsync(
            () => ++attempts < 3 ? throw new InconsistentStateException("stale version") : Task.FromResult("held"),
            NoPauses, TimeProvider.System, (_, attempt) => retries.Add(attempt));

        Assert.Equal("held", result);
        Assert.Equal(3, attempts);
        Assert.Equal([1, 2], retries);
    }

    [Theory]
    [InlineData(typeof(InventoryUnavailableException))]
    [InlineData(typeof(SiloUnavailableException))]
    public void FailuresThatPassOnTheirOwnAreTransient(Type type) =>
        Assert.True(TransientFailures.IsRepeatable((Exception)Activator.CreateInstance(type, "passing")!));

    [Fact]
    public async Task AnyOtherFailureIsNotRepeated()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => StockCallRetry.RunAsync<int>(
            () => { attempts++; throw new InvalidOperationException("a bug"); }, NoPauses, TimeProvider.System));

        Assert.Equal(1, attempts);
        Assert.False(TransientFailures.IsRepeatable(new TimeoutException()));
    }

    [Fact]
    public async Task WhenThePausesRunOutTheLastFailureIsRethrown()
    {
        var attempts = 0;

        var thrown = await Assert.ThrowsAsync<InconsistentStateException>(() => StockCallRetry.RunAsync<int>(
            () => throw new InconsistentStateException($"conflict {++attempts}"), NoPauses, TimeProvider.System));

        Assert.Equal(4, attempts);
        Assert.Equal("conflict 4", thrown.Message);
    }

    [Fact]
    public async Task EachRepeatWaitsItsPause()
    {
        var time = new FakeTimeProvider();
        var attempts = 0;
        var call = StockCallRetry.RunAsync(
            () => ++attempts == 1 ? throw new InconsistentStateException("stale version") : Task.FromResult(attempts),
            [TimeSpan.FromMilliseconds(50)], time);

        Assert.False(call.IsCompleted);
        Assert.Equal(1, attempts);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, await call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void TheDefaultPausesRepeatThreeTimesWithinASecond()
    {
        Assert.Equal(3, StockCallRetry.Pauses.Count);
        Assert.True(StockCallRetry.Pauses.Aggregate(TimeSpan.Zero, (sum, pause) => sum + pause) < TimeSpan.FromSeconds(1));
    }
}
