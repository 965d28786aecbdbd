using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Inventory.UnitTests.Stock;

public class StockRowSizeTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AMillionHoldReleaseCyclesInAnHourLeaveOneWriteOfThePairUnder64KB()
    {
        var key = new StockKey("WH1", "HOT");
        var ledger = new StockLedger(key, new StockState(), new StockOptions());
        var paging = new HoldPaging(256);
        paging.Load(new StockState(), new Dictionary<string, HoldPageState>());
        ledger.SetCount(new StockCount(1_000, null, Start), Start);
        var largest = 0;
        var step = TimeSpan.FromHours(1) / 1_000_000;
        var now = Start;
        for (var i = 0; i < 1_000_000; i++)
        {
            now += step;
            ledger.ExpireDue(now);
            var id = $"r-{i:D7}";
            ledger.Hold(new HoldRequest(id, 1, now.AddMinutes(15)), now);
            ledger.Release(id, now);
            // A group commit covers many decisions; one write per 64 of them is what a busy pair sees.
            if (i % 64 == 63)
            {
                largest = Math.Max(largest, WriteSize(ledger, paging));
            }
        }

        largest = Math.Max(largest, WriteSize(ledger, paging));
        Assert.True(largest <= 64 * 1024, $"the largest write of the pair serialized {largest:N0} bytes");
        Assert.Empty(ledger.State.Closed);
        Assert.Empty(ledger.State.CommittedByReservation);
    }

    /// <summary>What one write stores for the pair: its row as laid out for storage, the page it seals, the ended reservations' index rows.</summary>
    private static int WriteSize(StockLedger ledger, HoldPaging paging)
    {
        var write = ledger.TakePendingWrite();
        var plan = paging.Plan(write.State, write.TouchedHolds());
        var bytes = Serializer.SerializeToArray(plan.Row).Length
            + (plan.SealedPage is { } page ? Serializer.SerializeToArray(page.State).Length : 0)
            + write.Closed.Sum(c => c.Key.Length + 24);
        paging.Commit(plan);
        return bytes;
    }

    [Fact]
    public void APairStoredWithItsOrdersAndEndedReservationsInItsRowMovesThemOutOnItsNextWrite()
    {
        var state = new StockState { Version = 3, OnHand = 10, Committed = 2, UpdatedAt = Start };
        state.CommittedByReservation["sold"] = 2;
        state.Closed["gone"] = new ClosedReservation(StockChangeCause.Release, Start);
        var ledger = new StockLedger(new StockKey("WH1", "OLD"), state, new StockOptions());

        Assert.Equal(HoldOutcome.Closed, ledger.Hold(new HoldRequest("gone", 1, Start.AddMinutes(5)), Start).Outcome);
        Assert.Equal(HoldOutcome.AlreadyCommitted, ledger.Hold(new HoldRequest("sold", 1, Start.AddMinutes(5)), Start).Outcome);
        ledger.Receive(new StockReceipt(1, "rcv-1"), Start);
        var write = ledger.TakePendingWrite();

        Assert.Equal("sold", Assert.Single(write.OpenedOrders).ReservationId);
        Assert.Equal("gone", Assert.Single(write.Closed).Key);
        Assert.Empty(write.State.CommittedByReservation);
        Assert.Empty(write.State.Closed);
        Assert.Equal(LineOutcome.Done, ledger.Ship("sold", Start).Outcome);
    }

    [Fact]
    public void ARepeatBeyondMemoryIsAnsweredFromStoredFacts()
    {
        var ledger = new StockLedger(new StockKey("WH1", "SKU"), new StockState(), new StockOptions());
        ledger.SetCount(new StockCount(10, null, Start), Start);
        var repeat = new HoldRequest("r1", 1, Start.AddMinutes(5), Repeat: true);

        var lookup = ledger.LookupReservation("r1");
        Assert.NotNull(lookup);
        ledger.Learn(new StockFacts(lookup) { Closed = new ClosedReservation(StockChangeCause.Release, Start.AddHours(-1)) }, Start);

        Assert.Null(ledger.LookupReservation("r1"));
        Assert.Equal(HoldOutcome.Closed, ledger.Hold(repeat, Start).Outcome);
        var order = new StockOrder("r2", 2, new HeldUnits(2, Start), Start.AddHours(-1));
        ledger.Learn(new StockFacts(ledger.LookupReservation("r2")!) { Order = order }, Start);
        Assert.Equal(LineOutcome.AlreadyDone, ledger.Commit("r2", Start).Outcome);
        ledger.Learn(new StockFacts(ledger.LookupReservation("r3")!), Start);
        Assert.Equal(LineOutcome.NotFound, ledger.Ship("r3", Start).Outcome);
    }
}
