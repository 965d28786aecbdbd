using Inventory.Stock;

namespace Inventory.UnitTests.Stock;

public class ShortfallTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Now.AddMinutes(10);

    /// <summary>Ten on hand, holds r1 (3), r2 (3), r3 (3) in that order, then a count of <paramref name="counted"/>.</summary>
    private static StockLedger HeldThenCounted(long counted)
    {
        var ledger = new StockLedger(new StockKey("WH1", "SKU1"), new StockState(), new StockOptions());
        ledger.SetCount(new StockCount(10, null, Now.AddHours(-1)), Now);
        foreach (var id in new[] { "r1", "r2", "r3" })
        {
            Assert.Equal(HoldOutcome.Held, ledger.Hold(new HoldRequest(id, 3, Later), Now).Outcome);
        }

        ledger.SetCount(new StockCount(counted, null, Now), Now);
        ledger.TakePendingWrite();
        return ledger;
    }

    [Fact]
    public void TheNewestHoldsBeyondWhatIsOnHandAreShortAndTheOldestAreServed()
    {
        var ledger = HeldThenCounted(counted: 5);

        Assert.Equal((false, true, true), (ledger.IsShort("r1"), ledger.IsShort("r2"), ledger.IsShort("r3")));
        Assert.Equal(LineOutcome.InShortfall, ledger.Commit("r3", Now).Outcome);
        Assert.Equal(LineOutcome.InShortfall, ledger.Extend("r2", Later.AddMinutes(5), Now).Outcome);
        Assert.Empty(ledger.PendingChanges);
        Assert.Equal(LineOutcome.Done, ledger.Commit("r1", Now).Outcome);
        Assert.Equal((5L, 3L, 6L, 4L), (ledger.Snapshot().OnHand, ledger.Snapshot().Committed, ledger.Snapshot().Reserved, ledger.Snapshot().Shortfall));
        Assert.Equal(0, ledger.OversellIncidents);
    }

    [Fact]
    public void AReceiptMakesShortHoldsWholeAgainOldestFirst()
    {
        var ledger = HeldThenCounted(counted: 3);

        ledger.Receive(new StockReceipt(3, "rcv-1"), Now);

        Assert.Equal((false, false, true), (ledger.IsShort("r1"), ledger.IsShort("r2"), ledger.IsShort("r3")));
        Assert.Equal(LineOutcome.Done, ledger.Commit("r2", Now).Outcome);
        ledger.Receive(new StockReceipt(3, "rcv-2"), Now);
        Assert.False(ledger.IsShort("r3"));
        Assert.Equal(0, ledger.Snapshot().Shortfall);
    }

    [Fact]
    public void SoldUnitsBeyondOnHandAreBackorderedAndEveryHoldIsShort()
    {
        var ledger = HeldThenCounted(counted: 10);
        ledger.Commit("r1", Now);
        ledger.Commit("r2", Now);

        ledger.SetCount(new StockCount(4, null, Now.AddMinutes(1)), Now.AddMinutes(1));

        var s = ledger.Snapshot();
        Assert.Equal((2L, 5L), (s.Backordered, s.Shortfall));
        Assert.True(ledger.IsShort("r3"));
        Assert.Equal(HoldOutcome.Insufficient, ledger.Hold(new HoldRequest("r4", 1, Later), Now).Outcome);
    }

    [Fact]
    public void AnUncommitPutsTheUnitsBackIntoTheirHoldAndRecordsIt()
    {
        var ledger = HeldThenCounted(counted: 10);
        ledger.Commit("r1", Now, "storefront");

        Assert.Equal(LineOutcome.Done, ledger.Uncommit("r1", Now, "storefront").Outcome);
        Assert.Equal(LineOutcome.AlreadyDone, ledger.Uncommit("r1", Now).Outcome);
        Assert.Equal(LineOutcome.NotFound, ledger.Uncommit("nobody", Now).Outcome);

        var s = ledger.Snapshot();
        Assert.Equal((0L, 9L, 3), (s.Committed, s.Reserved, s.ActiveHolds));
        Assert.Equal([StockMovementKind.Commit, StockMovementKind.Uncommit], ledger.TakePendingWrite().Movements.Select(m => m.Kind));
        Assert.Equal(LineOutcome.Done, ledger.Commit("r1", Now).Outcome);
    }

    [Fact]
    public void HoldsPlacedBeforeTheirOrderWasKeptAreServedFirst()
    {
        var state = new StockState { Version = 5, OnHand = 2, Reserved = 4 };
        state.Holds["new"] = new HeldUnits(2, Later) { Placed = 4 };
        state.Holds["old"] = new HeldUnits(2, Later);
        var ledger = new StockLedger(new StockKey("WH1", "SKU1"), state, new StockOptions());

        Assert.Equal((false, true), (ledger.IsShort("old"), ledger.IsShort("new")));
    }
}
