using Inventory.Idempotency;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Grains;

[Collection(FakeClockCollection.Name)]
public class IdempotencyGrainTests(FakeClockClusterFixture fixture)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private IIdempotencyGrain Key() => fixture.Grains.GetGrain<IIdempotencyGrain>($"tests|{Guid.NewGuid():N}");

    private static StoredResponse Answer(int status) => new(status, "application/json", null, null, [(byte)status]);

    [Fact]
    public async Task AClaimIsInProgressUntilItsLeaseEndsThenARetryTakesItOverWithANewToken()
    {
        var key = Key();
        var first = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());

        InventoryTestCluster.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        var retry = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());
        var other = await key.BeginAsync("other", Window, Lease, Guid.NewGuid());
        InventoryTestCluster.Clock.Advance(TimeSpan.FromSeconds(1));
        var takeover = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());

        Assert.Equal(IdempotencyOutcome.Proceed, first.Outcome);
        Assert.NotEqual(Guid.Empty, first.Token);
        Assert.Equal((IdempotencyOutcome.InProgress, IdempotencyOutcome.Mismatch), (retry.Outcome, other.Outcome));
        Assert.Equal(IdempotencyOutcome.Proceed, takeover.Outcome);
        Assert.NotEqual(first.Token, takeover.Token);
    }

    [Fact]
    public async Task ALateAnswerOfAClaimThatWasTakenOverIsIgnored()
    {
        var key = Key();
        var dead = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());
        InventoryTestCluster.Clock.Advance(Lease);
        var takeover = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());

        await key.CompleteAsync(dead.Token, Answer(201));
        var whileRunning = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());
        await key.AbandonAsync(dead.Token);
        var afterStaleAbandon = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());
        await key.CompleteAsync(takeover.Token, Answer(200));
        await key.CompleteAsync(dead.Token, Answer(201));
        var replay = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());

        Assert.Equal((IdempotencyOutcome.InProgress, IdempotencyOutcome.InProgress), (whileRunning.Outcome, afterStaleAbandon.Outcome));
        Assert.Equal(IdempotencyOutcome.Replay, replay.Outcome);
        Assert.Equal(200, replay.Response!.Status);
    }

    [Fact]
    public async Task AnAbandonedClaimFreesTheKeyAtOnce()
    {
        var key = Key();
        var first = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());

        await key.AbandonAsync(first.Token);
        var retry = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());

        Assert.Equal(IdempotencyOutcome.Proceed, retry.Outcome);
        Assert.NotEqual(first.Token, retry.Token);
    }

    [Fact]
    public async Task AClaimRepeatedBecauseItsAnswerWasLostIsStillTheSameRequestsClaim()
    {
        // The API repeats a call whose gateway closed before it answered: the claim may already be placed.
        var key = Key();
        var request = Guid.NewGuid();
        var first = await key.BeginAsync("fp", Window, Lease, request);

        var repeat = await key.BeginAsync("fp", Window, Lease, request);
        var another = await key.BeginAsync("fp", Window, Lease, Guid.NewGuid());

        Assert.Equal((IdempotencyOutcome.Proceed, request), (first.Outcome, first.Token));
        Assert.Equal((IdempotencyOutcome.Proceed, request), (repeat.Outcome, repeat.Token));
        Assert.Equal(IdempotencyOutcome.InProgress, another.Outcome);
    }
}
