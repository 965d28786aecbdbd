using Inventory.IntegrationTests.Infrastructure;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Orleans.Core.Internal;

namespace Inventory.IntegrationTests.Grains;

[Collection(FakeClockCollection.Name)]
public class StockGrainTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private static DateTimeOffset Now => InventoryTestCluster.Clock.GetUtcNow();

    [Fact]
    public async Task UnknownPairDoesNotExistUntilItsFirstChange()
    {
        var key = Pairs.New();

        var snapshot = await _grains.Stock(key).GetSnapshotAsync();

        Assert.False(snapshot.Exists);
        Assert.Equal(HoldOutcome.Insufficient, (await _grains.Stock(key).HoldAsync(new HoldRequest("r", 1, Now.AddMinutes(1)))).Outcome);
        Assert.False((await _grains.Stock(key).GetSnapshotAsync()).Exists);
    }

    [Fact]
    public async Task DuplicateOperationIdChangesNothingTwice()
    {
        var key = await _grains.SeedAsync(10, Now);
        var stock = _grains.Stock(key);

        var first = await stock.ReceiveAsync(new StockReceipt(5, "receipt-1"));
        var again = await stock.ReceiveAsync(new StockReceipt(5, "receipt-1"));
        var adjusted = await stock.AdjustAsync(new StockAdjustment(-2, "damaged", "adj-1"));
        var adjustedAgain = await stock.AdjustAsync(new StockAdjustment(-2, "damaged", "adj-1"));

        Assert.Equal((StockFeedOutcome.Applied, StockFeedOutcome.Duplicate), (first.Outcome, again.Outcome));
        Assert.Equal((StockFeedOutcome.Applied, StockFeedOutcome.Duplicate), (adjusted.Outcome, adjustedAgain.Outcome));
        var snapshot = await stock.GetSnapshotAsync();
        Assert.Equal((13L, 2L), (snapshot.OnHand, snapshot.DuplicatesIgnored));
    }

    [Fact]
    public async Task OlderCountIsIgnoredAndCounted()
    {
        var key = await _grains.SeedAsync(10, Now);
        var stock = _grains.Stock(key);

        var newer = await stock.SetCountAsync(new StockCount(20, 1, Now.AddSeconds(5)));
        var older = await stock.SetCountAsync(new StockCount(3, null, Now.AddSeconds(1)));

        Assert.Equal((StockFeedOutcome.Applied, StockFeedOutcome.Stale), (newer.Outcome, older.Outcome));
        var snapshot = await stock.GetSnapshotAsync();
        Assert.Equal((20L, 1L, 19L, 1L), (snapshot.OnHand, snapshot.SafetyStock, snapshot.Available, snapshot.StaleCountsIgnored));
    }

    [Fact]
    public async Task StateIsReloadedFromStorageAfterDeactivation()
    {
        var key = await _grains.SeedAsync(10, Now);
        var stock = _grains.Stock(key);
        await stock.HoldAsync(new HoldRequest("r-1", 3, Now.AddMinutes(10)));
        var before = await stock.GetSnapshotAsync();

        await stock.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var after = await Eventually.MatchesAsync(
            () => stock.GetSnapshotAsync(), s => s.UpdatedAt == before.UpdatedAt, "the pair to come back from storage");

        Assert.Equal(before, after);
        Assert.Equal(LineOutcome.Done, (await stock.CommitAsync("r-1")).Outcome);
    }

    [Fact]
    public async Task ConcurrentHoldsShareWritesAndEachGetsItsOwnVersion()
    {
        var key = await _grains.SeedAsync(1_000, Now);
        var stock = _grains.Stock(key);

        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => stock.HoldAsync(new HoldRequest($"r-{i}", 1, Now.AddMinutes(10)))));

        Assert.All(results, r => Assert.Equal(HoldOutcome.Held, r.Outcome));
        Assert.Equal(200, results.Select(r => r.Version).Distinct().Count());
        var snapshot = await stock.GetSnapshotAsync();
        Assert.Equal((200L, 201L), (snapshot.Reserved, snapshot.Version));
    }

    /// <summary>
    /// A storage fault between the decision and the write (the database cannot be reached): the callers fail, nothing of
    /// the write is stored (no movement either), the pair reloads what is stored, and the same operation applies later.
    /// </summary>
    [Fact]
    public async Task AWriteThatFailsStoresNothingAndThePairGoesOnFromWhatIsStored()
    {
        var key = await _grains.SeedAsync(10, Now);
        var stock = _grains.Stock(key);
        Assert.Equal(HoldOutcome.Held, (await stock.HoldAsync(new HoldRequest("r-1", 2, Now.AddMinutes(10)))).Outcome);
        var before = await stock.GetSnapshotAsync();

        InventoryTestCluster.StockFaults.FailWrites(key);
        try
        {
            await Assert.ThrowsAsync<InventoryUnavailableException>(() => stock.ReceiveAsync(new StockReceipt(5, "receipt-1")));
            await Assert.ThrowsAsync<InventoryUnavailableException>(() => stock.HoldAsync(new HoldRequest("r-2", 1, Now.AddMinutes(10))));
        }
        finally
        {
            InventoryTestCluster.StockFaults.Clear(key);
        }

        var movements = await fixture.StockStorage().ReadMovementsAsync(key, new StockMovementQuery(null, null, StockStorage.MaxPageSize, false));
        Assert.DoesNotContain(movements.Items, m => m.Reference == "receipt-1");
        Assert.Equal(before, await stock.GetSnapshotAsync());
        Assert.Equal(StockFeedOutcome.Applied, (await stock.ReceiveAsync(new StockReceipt(5, "receipt-1"))).Outcome);
        var after = await stock.GetSnapshotAsync();
        Assert.Equal((15L, 2L, before.Version + 1), (after.OnHand, after.Reserved, after.Version));
    }

    [Fact]
    public async Task HoldsStoredAcrossSealedPagesComeBackExactlyAfterAReload()
    {
        // The test cluster seals a page every 3 holds: 40 holds make 13 pages plus an open one.
        var key = await _grains.SeedAsync(1_000, Now);
        var stock = _grains.Stock(key);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => stock.HoldAsync(new HoldRequest($"r-{i}", 1 + (i % 3), Now.AddMinutes(10)))));
        await stock.ReleaseAsync("r-0");
        await stock.ReleaseAsync("r-1");
        await stock.ReleaseAsync("r-2");
        await stock.CommitAsync("r-5");
        await stock.ExtendAsync("r-7", Now.AddMinutes(20));
        var before = await stock.GetSnapshotAsync();

        var stored = await fixture.StoredRowAsync(key);
        Assert.True(stored.Holds.Count < 3, $"the pair's row carries {stored.Holds.Count} holds");
        Assert.NotEmpty(stored.HoldPages);

        await stock.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var after = await Eventually.MatchesAsync(
            () => stock.GetSnapshotAsync(), s => s.UpdatedAt == before.UpdatedAt, "the pair to come back from storage");
        Assert.Equal(before, after);
        Assert.Equal(36, after.ActiveHolds);

        // Every hold is exactly where it was: the live ones release, an ended one is remembered as ended.
        Assert.Equal(LineOutcome.AlreadyDone, (await stock.ReleaseAsync("r-1")).Outcome);
        for (var i = 3; i < 40; i++)
        {
            if (i != 5)
            {
                Assert.Equal(LineOutcome.Done, (await stock.ReleaseAsync($"r-{i}")).Outcome);
            }
        }

        var emptied = (await fixture.StockStorage().ReadAsync(key))!;
        Assert.Equal((0L, 0, 0), (emptied.Row.Reserved, emptied.Row.Holds.Count, emptied.Row.HoldPages.Count));
        Assert.Empty(emptied.Row.PagedHoldsGone);

        // Emptied pages are deleted by the write that no longer lists them.
        Assert.Empty(emptied.Pages);
    }
}
