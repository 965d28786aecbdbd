using Inventory.IntegrationTests.Infrastructure;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Orleans.Core.Internal;

namespace Inventory.IntegrationTests.Grains;

/// <summary>The movement ledger as a pair keeps it in storage (SQLite here; the cluster tests run it on PostgreSQL).</summary>
[Collection(FakeClockCollection.Name)]
public class StockLedgerGrainTests(FakeClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    private static DateTimeOffset Now => InventoryTestCluster.Clock.GetUtcNow();

    private async Task<IReadOnlyList<StockMovement>> MovementsAsync(StockKey key) =>
        (await fixture.StockStorage().ReadMovementsAsync(key, new StockMovementQuery(null, null, StockStorage.MaxPageSize, false))).Items;

    private static async Task ReactivateAsync(IStockGrain stock)
    {
        var before = await stock.GetSnapshotAsync();
        await stock.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.MatchesAsync(() => stock.GetSnapshotAsync(), s => s == before, "the pair to come back from storage");
    }

    [Fact]
    public async Task ACountTakenBeforeAStoredShipmentKeepsTheShipment()
    {
        // Counted 10 an hour ago; one unit is sold and ships now; a count "10 as of five minutes ago" arrives after.
        var key = await _grains.SeedAsync(10, Now.AddHours(-1));
        var stock = _grains.Stock(key);
        await stock.HoldAsync(new HoldRequest("r-1", 1, Now.AddMinutes(10)));
        await stock.CommitAsync("r-1");
        Assert.Equal(LineOutcome.Done, (await stock.ShipAsync("r-1")).Outcome);
        // From storage, not memory: the shipment must be summed by the database.
        await ReactivateAsync(stock);

        var count = await stock.SetCountAsync(new StockCount(10, null, Now.AddMinutes(-5)));

        Assert.Equal(StockFeedOutcome.Applied, count.Outcome);
        Assert.Equal(9, count.Snapshot.OnHand);
        var movements = await MovementsAsync(key);
        Assert.Equal([StockMovementKind.Count, StockMovementKind.Commit, StockMovementKind.Ship, StockMovementKind.Count], movements.Select(m => m.Kind));
        Assert.Equal(0, movements[^1].Variance);
    }

    [Fact]
    public async Task EveryStoredChangeHasExactlyOneMovementAndTheChainEndsAtTheStoredQuantities()
    {
        var key = await _grains.SeedAsync(20, Now.AddHours(-1));
        var stock = _grains.Stock(key);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => stock.HoldAsync(new HoldRequest($"r-{i}", 1, Now.AddMinutes(10)))));
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => stock.CommitAsync($"r-{i}")));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => stock.ShipAsync($"r-{i}")));
        await stock.CancelCommittedAsync("r-3");
        await stock.AdjustAsync(new StockAdjustment(-2, "shrinkage", "adj-1"));
        await stock.ReturnAsync(new StockReturn(1, Restock: true, "ret-1"));
        await ReactivateAsync(stock);

        var movements = await MovementsAsync(key);
        var stored = (await fixture.StockStorage().ReadAsync(key))!.Row;

        Assert.Equal(1 + 6 + 3 + 1 + 1 + 1, movements.Count);
        Assert.Equal(Enumerable.Range(1, movements.Count).Select(i => (long)i), movements.Select(m => m.Sequence));
        var chain = new MovementChain();
        foreach (var m in movements)
        {
            chain.Add(m.Sequence, m.Delta, m.After);
        }

        Assert.Null(chain.Problem(new StockQuantities(stored.OnHand, stored.Committed, stored.Damaged, stored.SafetyStock), stored.MovementSequence));
        Assert.Empty(stored.CommittedByReservation);
        Assert.Empty(stored.Closed);
    }

    [Fact]
    public async Task RepeatsAfterAReloadAreAnsweredFromWhatStorageKeptOfOrdersAndEndedReservations()
    {
        var key = await _grains.SeedAsync(10, Now.AddHours(-1));
        var stock = _grains.Stock(key);
        await stock.HoldAsync(new HoldRequest("released", 1, Now.AddMinutes(10)));
        await stock.ReleaseAsync("released");
        await stock.HoldAsync(new HoldRequest("sold", 2, Now.AddMinutes(10)));
        await stock.CommitAsync("sold");
        await stock.ReceiveAsync(new StockReceipt(1, "rcv-1"));
        await ReactivateAsync(stock);

        Assert.Equal(HoldOutcome.Closed, (await stock.HoldAsync(new HoldRequest("released", 1, Now.AddMinutes(10), Repeat: true))).Outcome);
        Assert.Equal(LineOutcome.AlreadyDone, (await stock.ReleaseAsync("released")).Outcome);
        Assert.Equal(HoldOutcome.AlreadyCommitted, (await stock.HoldAsync(new HoldRequest("sold", 2, Now.AddMinutes(10), Repeat: true))).Outcome);
        Assert.Equal(LineOutcome.AlreadyDone, (await stock.CommitAsync("sold")).Outcome);
        Assert.Equal(StockFeedOutcome.Duplicate, (await stock.ReceiveAsync(new StockReceipt(1, "rcv-1"))).Outcome);
        Assert.Equal(LineOutcome.Done, (await stock.ShipAsync("sold")).Outcome);
        await ReactivateAsync(stock);
        Assert.Equal(LineOutcome.AlreadyDone, (await stock.ShipAsync("sold")).Outcome);

        var s = await stock.GetSnapshotAsync();
        Assert.Equal((9L, 0L, 0L), (s.OnHand, s.Committed, s.Reserved));
    }

    [Fact]
    public async Task AShortHoldCannotBeCommittedUntilAReceiptHealsIt()
    {
        var key = await _grains.SeedAsync(6, Now.AddHours(-1));
        var stock = _grains.Stock(key);
        await stock.HoldAsync(new HoldRequest("older", 3, Now.AddMinutes(10)));
        await stock.HoldAsync(new HoldRequest("newer", 3, Now.AddMinutes(10)));
        await stock.SetCountAsync(new StockCount(4, null, Now));
        await ReactivateAsync(stock);

        Assert.True(await stock.IsShortAsync("newer"));
        Assert.Equal(LineOutcome.InShortfall, (await stock.CommitAsync("newer")).Outcome);
        Assert.Equal(LineOutcome.Done, (await stock.CommitAsync("older")).Outcome);
        var shortfall = await fixture.StockStorage().ListShortfallsAsync(key.Location, null, StockStorage.MaxPageSize);
        Assert.Contains(shortfall, p => p.Key == key && p.Shortfall == 2);

        await stock.ReceiveAsync(new StockReceipt(2, "rcv-heal"));

        Assert.False(await stock.IsShortAsync("newer"));
        Assert.Equal(LineOutcome.Done, (await stock.CommitAsync("newer")).Outcome);
    }
}
