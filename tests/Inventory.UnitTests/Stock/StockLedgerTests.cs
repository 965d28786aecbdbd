using Inventory.Stock;

namespace Inventory.UnitTests.Stock;

public class StockLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Now.AddMinutes(10);

    private static StockLedger Ledger(long onHand = 10, long safety = 0, int lowThreshold = 2)
    {
        var ledger = new StockLedger(new StockKey("WH1", "SKU1"), new StockState(), new StockOptions { LowStockThreshold = lowThreshold });
        ledger.SetCount(new StockCount(onHand, safety, Now.AddDays(-1)), Now);
        ledger.TakePendingWrite();
        return ledger;
    }

    private static HoldRequest Hold(string id, int quantity, DateTimeOffset? expiresAt = null, bool retake = false) =>
        new(id, quantity, expiresAt ?? Later, retake);

    [Fact]
    public void HoldTakesUnitsOutOfAvailable()
    {
        var ledger = Ledger(onHand: 10);

        var result = ledger.Hold(Hold("r1", 3), Now);

        Assert.Equal(HoldOutcome.Held, result.Outcome);
        var s = ledger.Snapshot();
        Assert.Equal((10L, 3L, 7L, 1), (s.OnHand, s.Reserved, s.Available, s.ActiveHolds));
    }

    [Fact]
    public void HoldFailsWhenStockIsInsufficientAndChangesNothing()
    {
        var ledger = Ledger(onHand: 5, safety: 2);
        var before = ledger.Snapshot();

        var result = ledger.Hold(Hold("r1", 4), Now);

        Assert.Equal(HoldOutcome.Insufficient, result.Outcome);
        Assert.Equal(3, result.Available);
        Assert.Equal(before, ledger.Snapshot());
        Assert.Empty(ledger.PendingChanges);
    }

    [Fact]
    public void RepeatedHoldForTheSameReservationHoldsOnce()
    {
        var ledger = Ledger(onHand: 10);

        ledger.Hold(Hold("r1", 3), Now);
        var again = ledger.Hold(Hold("r1", 3), Now);

        Assert.Equal(HoldOutcome.Held, again.Outcome);
        Assert.Equal(3, ledger.Snapshot().Reserved);
        Assert.Single(ledger.PendingChanges);
    }

    [Fact]
    public void ReleaseIsIdempotentAndReturnsUnits()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 3), Now);

        Assert.Equal(LineOutcome.Done, ledger.Release("r1", Now).Outcome);
        Assert.Equal(LineOutcome.AlreadyDone, ledger.Release("r1", Now).Outcome);
        Assert.Equal(LineOutcome.NotFound, ledger.Release("never", Now).Outcome);
        Assert.Equal((0L, 10L), (ledger.Snapshot().Reserved, ledger.Snapshot().Available));
    }

    [Fact]
    public void AReleaseThatArrivesBeforeItsHoldKeepsTheLateHoldOut()
    {
        // A reservation gives its lines back after a hold call failed; the failed call may still reach the pair later.
        var ledger = Ledger(onHand: 10);

        Assert.Equal(LineOutcome.NotFound, ledger.Release("r1", Now).Outcome);
        var late = ledger.Hold(Hold("r1", 3), Now);

        Assert.Equal(HoldOutcome.Closed, late.Outcome);
        Assert.Equal((0L, 10L), (ledger.Snapshot().Reserved, ledger.Snapshot().Available));
        Assert.Equal(HoldOutcome.Held, ledger.Hold(Hold("r1", 3, retake: true), Now).Outcome);
    }

    [Fact]
    public void ReleasedReservationCannotBeHeldAgainExceptByRetake()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 3), Now);
        ledger.Release("r1", Now);

        Assert.Equal(HoldOutcome.Closed, ledger.Hold(Hold("r1", 3), Now).Outcome);
        Assert.Equal(HoldOutcome.Held, ledger.Hold(Hold("r1", 3, retake: true), Now).Outcome);
        Assert.Equal(3, ledger.Snapshot().Reserved);
    }

    [Fact]
    public void CommitMovesHeldUnitsToCommittedOnce()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 3), Now);

        Assert.Equal(LineOutcome.Done, ledger.Commit("r1", Now).Outcome);
        Assert.Equal(LineOutcome.AlreadyDone, ledger.Commit("r1", Now).Outcome);
        var s = ledger.Snapshot();
        Assert.Equal((0L, 3L, 7L), (s.Reserved, s.Committed, s.Available));
        Assert.Equal(HoldOutcome.AlreadyCommitted, ledger.Hold(Hold("r1", 3), Now).Outcome);
    }

    [Fact]
    public void CommitWithoutAHoldIsNotFound()
    {
        var ledger = Ledger(onHand: 10);

        Assert.Equal(LineOutcome.NotFound, ledger.Commit("r1", Now).Outcome);
        Assert.Equal(0, ledger.Snapshot().Committed);
    }

    [Fact]
    public void ShipTakesCommittedUnitsOffHand()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 3), Now);
        ledger.Commit("r1", Now);

        Assert.Equal(LineOutcome.Done, ledger.Ship("r1", Now).Outcome);
        Assert.Equal(LineOutcome.AlreadyDone, ledger.Ship("r1", Now).Outcome);
        var s = ledger.Snapshot();
        Assert.Equal((7L, 0L, 7L), (s.OnHand, s.Committed, s.Available));
    }

    [Fact]
    public void CancelCommittedMakesUnitsAvailableAgain()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 3), Now);
        ledger.Commit("r1", Now);

        Assert.Equal(LineOutcome.Done, ledger.CancelCommitted("r1", Now).Outcome);
        Assert.Equal(LineOutcome.AlreadyDone, ledger.CancelCommitted("r1", Now).Outcome);
        Assert.Equal(LineOutcome.NotFound, ledger.Ship("r1", Now).Outcome);
        var s = ledger.Snapshot();
        Assert.Equal((10L, 0L, 10L), (s.OnHand, s.Committed, s.Available));
    }

    [Fact]
    public void ExpiredHoldsAreReleasedInExpiryOrder()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("late", 2, Now.AddMinutes(5)), Now);
        ledger.Hold(Hold("early", 3, Now.AddMinutes(1)), Now);
        ledger.TakePendingWrite();

        Assert.Equal(Now.AddMinutes(1), ledger.NextExpiry);
        Assert.Equal(1, ledger.ExpireDue(Now.AddMinutes(1)));
        Assert.Equal(2, ledger.Snapshot().Reserved);
        Assert.Equal(Now.AddMinutes(5), ledger.NextExpiry);
        Assert.Equal(1, ledger.ExpireDue(Now.AddMinutes(6)));
        Assert.Null(ledger.NextExpiry);
        Assert.Equal([StockChangeCause.Expire, StockChangeCause.Expire], ledger.TakePendingWrite().Changes.Select(c => c.Cause));
    }

    [Fact]
    public void AWritesChangesNameAsTouchedEveryHoldTheyPlacedChangedOrEndedAndNoOther()
    {
        var ledger = Ledger(onHand: 100);
        foreach (var id in new[] { "repeated", "extended", "released", "committed", "untouched", "shipped", "cancelled" })
        {
            ledger.Hold(Hold(id, 1), Now);
        }

        ledger.Hold(Hold("expiring", 1, Now.AddMinutes(1)), Now);
        ledger.Commit("shipped", Now);
        ledger.Commit("cancelled", Now);
        ledger.TakePendingWrite();

        ledger.Hold(Hold("placed", 1), Now);
        ledger.Hold(Hold("repeated", 1, Later.AddMinutes(1)), Now);
        ledger.Extend("extended", Later.AddMinutes(2), Now);
        ledger.Release("released", Now);
        ledger.Commit("committed", Now);
        ledger.ExpireDue(Now.AddMinutes(1));
        ledger.Ship("shipped", Now);
        ledger.CancelCommitted("cancelled", Now);
        // Feed operation ids are references too, and may look like a reservation id.
        ledger.Adjust(new StockAdjustment(1, "correction", "untouched"), Now);
        ledger.Receive(new StockReceipt(1, "untouched-receipt"), Now);
        ledger.Return(new StockReturn(1, true, "untouched-return"), Now);
        ledger.SetCount(new StockCount(100, null, Now), Now);

        var write = ledger.TakePendingWrite();

        Assert.Equal(12, write.Changes.Count);
        Assert.Equal(["committed", "expiring", "extended", "placed", "released", "repeated"], write.TouchedHolds().Order());
    }

    [Fact]
    public void ExtendingAHoldMovesItsExpiry()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 3, Now.AddMinutes(1)), Now);

        Assert.Equal(LineOutcome.Done, ledger.Extend("r1", Now.AddMinutes(5), Now).Outcome);

        Assert.Equal(0, ledger.ExpireDue(Now.AddMinutes(2)));
        Assert.Equal(Now.AddMinutes(5), ledger.NextExpiry);
        Assert.Equal(1, ledger.ExpireDue(Now.AddMinutes(5)));
    }

    [Fact]
    public void ExpiredHoldCanBeRetakenWhenStockIsStillThere()
    {
        var ledger = Ledger(onHand: 3);
        ledger.Hold(Hold("r1", 3, Now.AddMinutes(1)), Now);
        ledger.ExpireDue(Now.AddMinutes(1));

        var retaken = ledger.Hold(Hold("r1", 3, Now.AddMinutes(3), retake: true), Now.AddMinutes(2));

        Assert.Equal(HoldOutcome.Held, retaken.Outcome);
        Assert.Equal(LineOutcome.Done, ledger.Commit("r1", Now.AddMinutes(2)).Outcome);
    }

    [Fact]
    public void AHoldThatExpiredHereIsAnsweredExpiredNotClosedOrShort()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 3, Now.AddMinutes(1)), Now);
        ledger.ExpireDue(Now.AddMinutes(1));

        var again = ledger.Hold(Hold("r1", 3, Now.AddMinutes(1)), Now.AddMinutes(1));

        Assert.Equal(HoldOutcome.Expired, again.Outcome);
        Assert.Equal((0L, 10L), (ledger.Snapshot().Reserved, again.Available));
    }

    [Fact]
    public void AHoldAskedUntilATimeThatHasPassedIsAnsweredExpiredAndChangesNothing()
    {
        var ledger = Ledger(onHand: 10);
        var before = ledger.Snapshot();

        var result = ledger.Hold(Hold("r1", 3, Now), Now);

        Assert.Equal(HoldOutcome.Expired, result.Outcome);
        Assert.Equal(before, ledger.Snapshot());
        Assert.Empty(ledger.PendingChanges);
    }

    [Fact]
    public void AReleasedHoldIsStillAnsweredClosed()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 3, Now.AddMinutes(1)), Now);
        ledger.Release("r1", Now);

        Assert.Equal(HoldOutcome.Closed, ledger.Hold(Hold("r1", 3), Now).Outcome);
    }

    [Fact]
    public void OlderCountIsIgnoredAndCounted()
    {
        var ledger = Ledger(onHand: 10);
        ledger.SetCount(new StockCount(20, null, Now), Now);

        var stale = ledger.SetCount(new StockCount(5, null, Now.AddSeconds(-1)), Now);
        var same = ledger.SetCount(new StockCount(5, null, Now), Now);

        Assert.Equal(StockFeedOutcome.Stale, stale.Outcome);
        Assert.Equal(StockFeedOutcome.Stale, same.Outcome);
        Assert.Equal((20L, 2L), (ledger.Snapshot().OnHand, ledger.Snapshot().StaleCountsIgnored));
    }

    [Fact]
    public void CountBelowWhatIsPromisedReportsAShortfallAndNothingGoesNegative()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 6), Now);
        ledger.Hold(Hold("r2", 2), Now);
        ledger.Commit("r2", Now);

        ledger.SetCount(new StockCount(5, null, Now), Now);

        var s = ledger.Snapshot();
        Assert.Equal((5L, 6L, 2L, 0L, 3L), (s.OnHand, s.Reserved, s.Committed, s.Available, s.Shortfall));
        Assert.Equal(AvailabilityStatus.OutOfStock, s.Status);
        Assert.Equal(HoldOutcome.Insufficient, ledger.Hold(Hold("r3", 1), Now).Outcome);
        Assert.Empty(ledger.CheckInvariants());
    }

    [Fact]
    public void AdjustmentThatWouldMakeOnHandNegativeIsRejected()
    {
        var ledger = Ledger(onHand: 3);

        var result = ledger.Adjust(new StockAdjustment(-4, "damaged", "op-1"), Now);

        Assert.Equal(StockFeedOutcome.Rejected, result.Outcome);
        Assert.Equal(3, ledger.Snapshot().OnHand);
    }

    [Fact]
    public void DuplicateOperationIdsChangeNothingTwice()
    {
        var ledger = Ledger(onHand: 0);

        Assert.Equal(StockFeedOutcome.Applied, ledger.Receive(new StockReceipt(5, "op-1"), Now).Outcome);
        Assert.Equal(StockFeedOutcome.Duplicate, ledger.Receive(new StockReceipt(5, "op-1"), Now).Outcome);
        Assert.Equal(StockFeedOutcome.Duplicate, ledger.Adjust(new StockAdjustment(1, "correction", "op-1"), Now).Outcome);
        Assert.Equal(StockFeedOutcome.Applied, ledger.Return(new StockReturn(2, Restock: false, "op-2"), Now).Outcome);
        Assert.Equal(StockFeedOutcome.Duplicate, ledger.Return(new StockReturn(2, Restock: false, "op-2"), Now).Outcome);

        var s = ledger.Snapshot();
        Assert.Equal((5L, 2L, 3L), (s.OnHand, s.Damaged, s.DuplicatesIgnored));
    }

    [Fact]
    public void AnOperationIdOlderThanMemoryIsLookedUpInStorageAndStillADuplicate()
    {
        var ledger = new StockLedger(new StockKey("WH1", "SKU1"), new StockState(), new StockOptions { RecentInMemory = TimeSpan.FromMinutes(2) });
        ledger.Receive(new StockReceipt(5, "op-1"), Now);
        Assert.Null(ledger.LookupOperation("op-1"));

        ledger.ExpireDue(Now.AddHours(2));
        var lookup = ledger.LookupOperation("op-1");

        Assert.Equal("op-1", lookup?.OperationId);
        ledger.Learn(new StockFacts(lookup!) { OperationApplied = true }, Now.AddHours(2));
        Assert.Null(ledger.LookupOperation("op-1"));
        Assert.Equal(StockFeedOutcome.Duplicate, ledger.Receive(new StockReceipt(5, "op-1"), Now.AddHours(2)).Outcome);
        Assert.Equal(5, ledger.Snapshot().OnHand);
    }

    [Fact]
    public void ANewOperationIdIsLookedUpOnceAndThenApplied()
    {
        var ledger = new StockLedger(new StockKey("WH1", "SKU1"), new StockState(), new StockOptions());
        var lookup = ledger.LookupOperation("op-new");

        ledger.Learn(new StockFacts(lookup!) { OperationApplied = false }, Now);

        Assert.Null(ledger.LookupOperation("op-new"));
        Assert.Equal(StockFeedOutcome.Applied, ledger.Receive(new StockReceipt(5, "op-new"), Now).Outcome);
        Assert.Null(ledger.LookupOperation("op-new"));
        Assert.Equal(StockFeedOutcome.Duplicate, ledger.Receive(new StockReceipt(5, "op-new"), Now).Outcome);
        Assert.Equal(5, ledger.Snapshot().OnHand);
    }

    [Theory]
    [InlineData(10, AvailabilityStatus.InStock)]
    [InlineData(2, AvailabilityStatus.Low)]
    [InlineData(1, AvailabilityStatus.Low)]
    [InlineData(0, AvailabilityStatus.OutOfStock)]
    public void StatusFollowsAvailableAgainstTheLowStockThreshold(long onHand, AvailabilityStatus expected) =>
        Assert.Equal(expected, Ledger(onHand, lowThreshold: 2).Snapshot().Status);

    [Fact]
    public void EveryChangeBumpsTheVersionByOneAndIsQueuedInOrder()
    {
        var ledger = Ledger(onHand: 10);
        var start = ledger.Snapshot().Version;

        ledger.Hold(Hold("r1", 1), Now);
        ledger.Hold(Hold("r2", 1), Now);
        ledger.Release("r1", Now);

        Assert.Equal([start + 1, start + 2, start + 3], ledger.TakePendingWrite().Changes.Select(c => c.Snapshot.Version));
        Assert.Empty(ledger.PendingChanges);
    }

    [Fact]
    public void ManyHoldsNeverSellMoreThanIsOnHand()
    {
        var ledger = Ledger(onHand: 100);

        var held = Enumerable.Range(0, 500).Count(i => ledger.Hold(Hold($"r{i}", 1), Now).Outcome == HoldOutcome.Held);

        Assert.Equal(100, held);
        Assert.Equal((100L, 0L), (ledger.Snapshot().Reserved, ledger.Snapshot().Available));
        Assert.Equal(0, ledger.OversellIncidents);
        Assert.Empty(ledger.CheckInvariants());
    }

    [Fact]
    public void ReloadedStateRebuildsTheExpiryQueue()
    {
        var ledger = Ledger(onHand: 10);
        ledger.Hold(Hold("r1", 4, Now.AddMinutes(1)), Now);

        var reloaded = new StockLedger(new StockKey("WH1", "SKU1"), ledger.State, new StockOptions());

        Assert.Equal(Now.AddMinutes(1), reloaded.NextExpiry);
        Assert.Equal(1, reloaded.ExpireDue(Now.AddMinutes(1)));
        Assert.Equal(0, reloaded.Snapshot().Reserved);
    }

    [Fact]
    public void AFeedWriteExpectingAnotherVersionChangesNothing()
    {
        var ledger = Ledger(onHand: 10);
        var version = ledger.Snapshot().Version;

        var count = ledger.SetCount(new StockCount(3, null, Now) { ExpectedVersion = version + 1 }, Now);
        var adjust = ledger.Adjust(new StockAdjustment(-1, "damaged", "op-1") { ExpectedVersion = version - 1 }, Now);
        var receive = ledger.Receive(new StockReceipt(5, "op-2") { ExpectedVersion = 99 }, Now);
        var restock = ledger.Return(new StockReturn(1, true, "op-3") { ExpectedVersion = 0 }, Now);

        Assert.All([count, adjust, receive, restock], r => Assert.Equal(StockFeedOutcome.VersionMismatch, r.Outcome));
        Assert.Equal((10L, version), (ledger.Snapshot().OnHand, ledger.Snapshot().Version));
        Assert.Empty(ledger.PendingChanges);
    }

    [Fact]
    public void AFeedWriteExpectingTheCurrentVersionIsApplied()
    {
        var ledger = Ledger(onHand: 10);

        var result = ledger.Receive(new StockReceipt(5, "op-1") { ExpectedVersion = ledger.Snapshot().Version }, Now);

        Assert.Equal(StockFeedOutcome.Applied, result.Outcome);
        Assert.Equal(15, result.Snapshot.OnHand);
    }

    [Fact]
    public void ARepeatedOperationIsADuplicateEvenIfTheVersionMovedOn()
    {
        var ledger = Ledger(onHand: 10);
        var version = ledger.Snapshot().Version;
        ledger.Receive(new StockReceipt(5, "op-1") { ExpectedVersion = version }, Now);

        var again = ledger.Receive(new StockReceipt(5, "op-1") { ExpectedVersion = version }, Now);

        Assert.Equal(StockFeedOutcome.Duplicate, again.Outcome);
    }
}
