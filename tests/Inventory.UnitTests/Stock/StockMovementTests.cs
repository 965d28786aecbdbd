using Inventory.Stock;

namespace Inventory.UnitTests.Stock;

public class StockMovementTests
{
    private static readonly DateTimeOffset At0800 = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly StockKey Key = new("WH1", "SKU1");

    private static StockLedger NewLedger(StockOptions? options = null) => new(Key, new StockState(), options ?? new StockOptions());

    private static StockLedger Stocked(long onHand, DateTimeOffset asOf)
    {
        var ledger = NewLedger();
        Assert.Equal(StockFeedOutcome.Applied, ledger.SetCount(new StockCount(onHand, null, asOf), asOf).Outcome);
        return ledger;
    }

    private static IReadOnlyList<StockMovement> Movements(StockLedger ledger) => ledger.TakePendingWrite().Movements;

    [Fact]
    public void EveryStockChangeAppendsOneMovementThatChainsToTheQuantitiesAfterIt()
    {
        var ledger = Stocked(10, At0800);
        var now = At0800.AddMinutes(1);
        ledger.Hold(new HoldRequest("r1", 3, now.AddMinutes(10)), now);
        ledger.Hold(new HoldRequest("r2", 2, now.AddMinutes(10)), now);
        ledger.Release("r2", now);
        ledger.Commit("r1", now, "storefront");
        ledger.Ship("r1", now, "warehouse");
        ledger.Adjust(new StockAdjustment(-1, "damaged", "adj-1") { Note = "dropped" }, now, "ops");
        ledger.Receive(new StockReceipt(4, "rcv-1"), now, "ops");
        ledger.Return(new StockReturn(1, Restock: false, "ret-1"), now, "ops");

        var movements = Movements(ledger);

        // Holds and releases are the reservation's life, not movements.
        Assert.Equal(
            [StockMovementKind.Count, StockMovementKind.Commit, StockMovementKind.Ship, StockMovementKind.Adjustment, StockMovementKind.Receipt, StockMovementKind.Return],
            movements.Select(m => m.Kind));
        Assert.Equal([1L, 2, 3, 4, 5, 6], movements.Select(m => m.Sequence));
        var chain = new MovementChain();
        foreach (var m in movements)
        {
            chain.Add(m.Sequence, m.Delta, m.After);
        }

        var s = ledger.State;
        Assert.Null(chain.Problem(new StockQuantities(s.OnHand, s.Committed, s.Damaged, s.SafetyStock), s.MovementSequence));
        Assert.Equal(new StockQuantities(10, 0, 1, 0), movements[^1].After);
        var adjustment = movements[3];
        Assert.Equal(("damaged", "dropped", "adj-1", "ops"), (adjustment.Reason, adjustment.Note, adjustment.Reference, adjustment.Actor));
        Assert.Equal(("r1", "storefront"), (movements[1].Reference, movements[1].Actor));
    }

    [Fact]
    public void ACountTakenBeforeAShipmentKeepsTheShipment()
    {
        // 07:00 count 10; a unit ships at 08:05; the count "10 as of 08:00" arrives at 08:10.
        var ledger = Stocked(10, At0800.AddHours(-1));
        var at0805 = At0800.AddMinutes(5);
        ledger.Hold(new HoldRequest("r1", 1, at0805.AddMinutes(10)), at0805);
        ledger.Commit("r1", at0805);
        ledger.Ship("r1", at0805);
        var written = ledger.TakePendingWrite();
        ledger.MarkDurable(written);
        var at0810 = At0800.AddMinutes(10);
        var count = new StockCount(10, null, At0800);

        var lookup = ledger.LookupCount(count.AsOf, at0810);

        Assert.NotNull(lookup);
        Assert.Equal((At0800, written.Movements[^1].Sequence), (lookup.OnHandChangedAfter, lookup.ThroughSequence));
        // What storage sums: the ship's -1, the only onHand change that occurred after 08:00.
        var stored = written.Movements.Where(m => m.OccurredAt > At0800).Sum(m => m.Delta.OnHand);
        ledger.Learn(new StockFacts(lookup) { OnHandDeltaSum = stored }, at0810);
        Assert.Null(ledger.LookupCount(count.AsOf, at0810));
        Assert.Equal(StockFeedOutcome.Applied, ledger.SetCount(count, at0810).Outcome);

        Assert.Equal(9, ledger.Snapshot().OnHand);
        var movement = Assert.Single(Movements(ledger));
        Assert.Equal((StockMovementKind.Count, 0L, 0L, At0800), (movement.Kind, movement.Variance, movement.Delta.OnHand, movement.OccurredAt));
    }

    [Fact]
    public void MovementsNotYetStoredAreAddedToWhatStorageSummed()
    {
        var ledger = Stocked(10, At0800.AddHours(-1));
        ledger.MarkDurable(ledger.TakePendingWrite());
        var at0805 = At0800.AddMinutes(5);
        ledger.Receive(new StockReceipt(5, "rcv-1") { OccurredAt = at0805 }, at0805);
        var lookup = ledger.LookupCount(At0800, at0805)!;

        // The receipt is not durable: storage sums nothing after 08:00 through the durable sequence, memory adds it.
        ledger.Learn(new StockFacts(lookup) { OnHandDeltaSum = 0 }, at0805);
        ledger.SetCount(new StockCount(7, null, At0800), at0805);

        Assert.Equal(12, ledger.Snapshot().OnHand);
    }

    [Fact]
    public void ACountNeedsNoLookupWhenNothingChangedOnHandAfterIt()
    {
        var ledger = Stocked(10, At0800);
        var later = At0800.AddHours(1);

        Assert.Null(ledger.LookupCount(later, later));
        ledger.SetCount(new StockCount(4, 2, later), later);

        var movement = Assert.Single(Movements(ledger).Skip(1));
        Assert.Equal((4L, -6L, new StockQuantities(-6, 0, 0, 2)), (ledger.Snapshot().OnHand, movement.Variance, movement.Delta));
    }

    [Fact]
    public void ACountDatedBeyondTheClockSkewIsRefusedAndChangesNothing()
    {
        var ledger = Stocked(10, At0800);
        var before = ledger.Snapshot();
        ledger.TakePendingWrite();

        var result = ledger.SetCount(new StockCount(1, null, At0800.AddMinutes(6)), At0800);

        Assert.Equal(StockFeedOutcome.FutureDated, result.Outcome);
        Assert.Contains("asOf", result.Reason, StringComparison.Ordinal);
        Assert.Equal(before, ledger.Snapshot());
        Assert.Empty(ledger.PendingChanges);
        Assert.Equal(StockFeedOutcome.Applied, ledger.SetCount(new StockCount(1, null, At0800.AddMinutes(4)), At0800).Outcome);
    }

    [Fact]
    public void AFeedOccurredBeyondTheClockSkewIsRefused()
    {
        var ledger = Stocked(10, At0800);

        var result = ledger.Receive(new StockReceipt(3, "rcv-1") { OccurredAt = At0800.AddHours(1) }, At0800);

        Assert.Equal(StockFeedOutcome.FutureDated, result.Outcome);
        Assert.Contains("occurredAt", result.Reason, StringComparison.Ordinal);
        Assert.Equal(10, ledger.Snapshot().OnHand);
    }

    [Fact]
    public void AFutureCountStoredBeforeTheyWereRefusedNoLongerFreezesThePair()
    {
        var state = new StockState { Version = 1, OnHand = 10, LastCountAsOf = At0800.AddDays(30) };
        var ledger = new StockLedger(Key, state, new StockOptions());

        Assert.Equal(StockFeedOutcome.Applied, ledger.SetCount(new StockCount(4, null, At0800), At0800).Outcome);
        Assert.Equal(4, ledger.Snapshot().OnHand);
    }

    [Fact]
    public void ACountOlderThanTheLedgersRetentionIsStale()
    {
        var ledger = NewLedger(new StockOptions { MovementRetention = TimeSpan.FromDays(10) });

        var result = ledger.SetCount(new StockCount(4, null, At0800.AddDays(-11)), At0800);

        Assert.Equal(StockFeedOutcome.Stale, result.Outcome);
        Assert.False(ledger.Snapshot().Exists);
    }

    [Fact]
    public void ARepeatedCountIsStaleEvenWithAnOutdatedIfMatch()
    {
        var ledger = Stocked(10, At0800);

        var repeat = ledger.SetCount(new StockCount(10, null, At0800) { ExpectedVersion = 0 }, At0800);

        Assert.Equal(StockFeedOutcome.Stale, repeat.Outcome);
    }

    [Fact]
    public void RecordedTimesNeverGoBackAndKeepWholeMicroseconds()
    {
        var ledger = Stocked(10, At0800.AddTicks(1234567));
        ledger.Receive(new StockReceipt(1, "rcv-1"), At0800.AddTicks(1234567));
        ledger.Receive(new StockReceipt(1, "rcv-2"), At0800.AddTicks(-50));

        var movements = Movements(ledger);

        Assert.All(movements, m => Assert.Equal(0, m.RecordedAt.Ticks % 10));
        Assert.Equal(movements[1].RecordedAt, movements[2].RecordedAt);
        Assert.Equal(At0800.AddTicks(1234560), movements[0].OccurredAt);
    }

    [Fact]
    public void AFailedWriteLeavesNoMovementBehindAndTheNextWriteTakesOnlyNewOnes()
    {
        var ledger = Stocked(10, At0800);
        ledger.TakePendingWrite();
        ledger.Receive(new StockReceipt(1, "rcv-1"), At0800);

        var first = ledger.TakePendingWrite();
        var second = ledger.TakePendingWrite();

        Assert.Single(first.Movements);
        Assert.Empty(second.Movements);
    }
}
