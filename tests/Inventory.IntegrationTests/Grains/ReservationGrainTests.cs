using Inventory.IntegrationTests.Infrastructure;
using Inventory.Reservations;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Inventory.IntegrationTests.Grains;

[Collection(FakeClockCollection.Name)]
public class ReservationGrainTests(FakeClockClusterFixture fixture)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);
    private readonly IGrainFactory _grains = fixture.Grains;

    private static DateTimeOffset Now => InventoryTestCluster.Clock.GetUtcNow();

    private static ReservationLine Line(StockKey key, int quantity) => new(key.Sku, key.Location, quantity);

    private IReservationGrain Reservation(string? id = null) => _grains.GetGrain<IReservationGrain>(id ?? $"r-{Guid.NewGuid():N}");

    private static Task<ReservationReply> ReserveAsync(IReservationGrain reservation, TimeSpan ttl, params ReservationLine[] lines) =>
        reservation.CreateAsync(new CreateReservation(lines, ttl));

    [Fact]
    public async Task FiveHundredConcurrentReservationsOnAHundredUnitsSellExactlyAHundred()
    {
        var key = await _grains.SeedAsync(100, Now);

        var replies = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => ReserveAsync(Reservation(), Ttl, Line(key, 1))));

        Assert.Equal(100, replies.Count(r => r.Outcome == ReservationOutcome.Ok));
        Assert.Equal(400, replies.Count(r => r.Outcome == ReservationOutcome.Insufficient));
        var stock = await _grains.Stock(key).GetSnapshotAsync();
        Assert.Equal((100L, 100L, 0L, 0L, 100), (stock.OnHand, stock.Reserved, stock.Committed, stock.Available, stock.ActiveHolds));
    }

    [Fact]
    public async Task MultiLineReservationWithOneShortLineHoldsNothing()
    {
        var plenty = await _grains.SeedAsync(10, Now);
        var scarce = await _grains.SeedAsync(1, Now);

        var reply = await ReserveAsync(Reservation(), Ttl, Line(plenty, 3), Line(scarce, 2));

        Assert.Equal(ReservationOutcome.Insufficient, reply.Outcome);
        Assert.Equal(ReservationStatus.Rejected, reply.Reservation!.Status);
        var shortfall = Assert.Single(reply.Shortfalls);
        Assert.Equal((scarce.Sku, 2, 1L), (shortfall.Sku, shortfall.Requested, shortfall.Available));
        Assert.Equal(0, (await _grains.Stock(plenty).GetSnapshotAsync()).Reserved);
        Assert.Equal(0, (await _grains.Stock(scarce).GetSnapshotAsync()).Reserved);
    }

    [Fact]
    public async Task SameReservationIdSentTwiceHoldsOnce()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();

        var first = await ReserveAsync(reservation, Ttl, Line(key, 4));
        var second = await ReserveAsync(reservation, Ttl, Line(key, 4));

        Assert.Equal(ReservationOutcome.Ok, first.Outcome);
        Assert.Equal(ReservationOutcome.Replayed, second.Outcome);
        Assert.Equal(first.Reservation!.ExpiresAt, second.Reservation!.ExpiresAt);
        Assert.Equal(4, (await _grains.Stock(key).GetSnapshotAsync()).Reserved);
    }

    [Fact]
    public async Task SameReservationIdWithOtherLinesIsAConflictAndChangesNothing()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, Ttl, Line(key, 4));

        var reply = await ReserveAsync(reservation, Ttl, Line(key, 5));

        Assert.Equal(ReservationOutcome.Conflict, reply.Outcome);
        Assert.Equal(4, (await _grains.Stock(key).GetSnapshotAsync()).Reserved);
    }

    [Fact]
    public async Task ExpiryReleasesTheHoldOnTime()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, TimeSpan.FromMinutes(5), Line(key, 3));

        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.Equal(ReservationStatus.Held, (await reservation.GetAsync())!.Status);
        Assert.Equal(3, (await _grains.Stock(key).GetSnapshotAsync()).Reserved);

        InventoryTestCluster.Clock.Advance(TimeSpan.FromSeconds(1));

        // Read what is stored, not the grains: a call would expire the hold itself; this proves the timer did.
        await Eventually.MatchesAsync(
            () => StoredAsync<ReservationState>("reservation", reservation.GetGrainId()),
            r => r.Status == ReservationStatus.Expired, "the reservation's timer to expire it");
        var stock = await _grains.Stock(key).GetSnapshotAsync();
        Assert.Equal((0L, 10L), (stock.Reserved, stock.Available));
    }

    [Fact]
    public async Task StockGrainReleasesExpiredHoldsEvenWhenTheReservationGrainIsGone()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, TimeSpan.FromMinutes(5), Line(key, 3));
        await reservation.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.MatchesAsync(
            () => ActivationCountAsync(reservation.GetGrainId()), count => count == 0, "the reservation grain to deactivate");

        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(5));

        // The stock grain's own timer fires at the hold's expiry; no call to the pair is needed to free it.
        await Eventually.MatchesAsync(
            () => fixture.StoredRowAsync(key), s => s.Reserved == 0,
            "the stock grain's timer to expire the hold");
        Assert.Equal(ReservationStatus.Expired, (await reservation.GetAsync())!.Status);
    }

    [Fact]
    public async Task ExtendPushesTheExpiryOut()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, TimeSpan.FromMinutes(5), Line(key, 3));

        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(4));
        var extended = await reservation.ExtendAsync(TimeSpan.FromMinutes(5));
        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(ReservationOutcome.Ok, extended.Outcome);
        Assert.Equal(Now.AddMinutes(1), extended.Reservation!.ExpiresAt);
        Assert.Equal(ReservationStatus.Held, (await reservation.GetAsync())!.Status);
        Assert.Equal(3, (await _grains.Stock(key).GetSnapshotAsync()).Reserved);
    }

    [Fact]
    public async Task ExtendBeyondTheMaximumLifetimeIsRefused()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, TimeSpan.FromMinutes(50), Line(key, 1));
        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(45));
        await reservation.ExtendAsync(TimeSpan.FromMinutes(60));
        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(45));

        var reply = await reservation.ExtendAsync(TimeSpan.FromMinutes(60));

        Assert.Equal(ReservationOutcome.InvalidState, reply.Outcome);
    }

    [Fact]
    public async Task CommitAfterExpiryRetakesStockThatIsStillAvailable()
    {
        var key = await _grains.SeedAsync(5, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, TimeSpan.FromMinutes(1), Line(key, 2));
        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.MatchesAsync(() => StockCountersAsync(key), s => s.Reserved == 0, "the hold to expire");

        var reply = await reservation.CommitAsync("order-1");

        Assert.Equal(ReservationOutcome.Ok, reply.Outcome);
        Assert.Equal((ReservationStatus.Committed, "order-1"), (reply.Reservation!.Status, reply.Reservation.OrderId));
        var stock = await _grains.Stock(key).GetSnapshotAsync();
        Assert.Equal((0L, 2L, 3L), (stock.Reserved, stock.Committed, stock.Available));
    }

    [Fact]
    public async Task CommitAfterExpiryFailsClearlyWhenTheStockWasSoldMeanwhile()
    {
        var key = await _grains.SeedAsync(2, Now);
        var other = await _grains.SeedAsync(5, Now);
        var late = Reservation();
        await ReserveAsync(late, TimeSpan.FromMinutes(1), Line(key, 2), Line(other, 1));
        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(2));
        await Eventually.MatchesAsync(() => StockCountersAsync(key), s => s.Reserved == 0, "the hold to expire");
        Assert.Equal(ReservationOutcome.Ok, (await ReserveAsync(Reservation(), Ttl, Line(key, 2))).Outcome);

        var reply = await late.CommitAsync("order-late");

        Assert.Equal(ReservationOutcome.Insufficient, reply.Outcome);
        Assert.Equal(ReservationStatus.Expired, reply.Reservation!.Status);
        Assert.Equal((key.Sku, 0L), (Assert.Single(reply.Shortfalls).Sku, reply.Shortfalls[0].Available));
        var scarce = await _grains.Stock(key).GetSnapshotAsync();
        var plenty = await _grains.Stock(other).GetSnapshotAsync();
        Assert.Equal((2L, 0L), (scarce.Reserved, scarce.Committed));
        Assert.Equal((0L, 0L, 5L), (plenty.Reserved, plenty.Committed, plenty.Available));
    }

    [Fact]
    public async Task ReleaseReturnsTheUnitsAndIsIdempotent()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, Ttl, Line(key, 3));

        Assert.Equal(ReservationOutcome.Ok, (await reservation.ReleaseAsync()).Outcome);
        Assert.Equal(ReservationOutcome.Replayed, (await reservation.ReleaseAsync()).Outcome);
        Assert.Equal(ReservationOutcome.InvalidState, (await reservation.CommitAsync("too-late")).Outcome);
        Assert.Equal(0, (await _grains.Stock(key).GetSnapshotAsync()).Reserved);
    }

    [Fact]
    public async Task CommitIsIdempotentAndCommittedReservationsCannotBeReleased()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, Ttl, Line(key, 3));

        Assert.Equal(ReservationOutcome.Ok, (await reservation.CommitAsync("o-1")).Outcome);
        Assert.Equal(ReservationOutcome.Replayed, (await reservation.CommitAsync("o-1")).Outcome);
        Assert.Equal(ReservationOutcome.Conflict, (await reservation.CommitAsync("o-2")).Outcome);
        Assert.Equal(ReservationOutcome.InvalidState, (await reservation.ReleaseAsync()).Outcome);
        var stock = await _grains.Stock(key).GetSnapshotAsync();
        Assert.Equal((0L, 3L, 7L), (stock.Reserved, stock.Committed, stock.Available));
    }

    [Fact]
    public async Task FulfilShipsTheCommittedUnits()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, Ttl, Line(key, 3));
        await reservation.CommitAsync("o-1");

        Assert.Equal(ReservationOutcome.Ok, (await reservation.FulfillAsync()).Outcome);
        Assert.Equal(ReservationOutcome.Replayed, (await reservation.FulfillAsync()).Outcome);
        Assert.Equal(ReservationOutcome.InvalidState, (await reservation.CancelAsync()).Outcome);
        var stock = await _grains.Stock(key).GetSnapshotAsync();
        Assert.Equal((7L, 0L, 7L), (stock.OnHand, stock.Committed, stock.Available));
    }

    [Fact]
    public async Task CancellingACommittedOrderMakesTheUnitsAvailableAgain()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, Ttl, Line(key, 3));
        await reservation.CommitAsync("o-1");

        Assert.Equal(ReservationOutcome.Ok, (await reservation.CancelAsync()).Outcome);
        Assert.Equal(ReservationStatus.Cancelled, (await reservation.GetAsync())!.Status);
        var stock = await _grains.Stock(key).GetSnapshotAsync();
        Assert.Equal((10L, 0L, 10L), (stock.OnHand, stock.Committed, stock.Available));
    }

    [Fact]
    public async Task AReservationInterruptedWhileHoldingIsFinishedOnReactivation()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        // What a silo that died right after persisting the record, before placing the holds, leaves behind.
        await WriteReservationRecordAsync(reservation, new ReservationState
        {
            Status = ReservationStatus.Pending,
            Intent = ReservationIntent.Hold,
            Lines = [Line(key, 4)],
            CreatedAt = Now,
            ExpiresAt = Now + Ttl,
        });

        var view = await reservation.GetAsync();

        Assert.Equal(ReservationStatus.Held, view!.Status);
        Assert.Equal(4, (await _grains.Stock(key).GetSnapshotAsync()).Reserved);
    }

    [Fact]
    public async Task AReservationInterruptedWhileCommittingIsFinishedOnReactivation()
    {
        var key = await _grains.SeedAsync(10, Now);
        var id = $"r-{Guid.NewGuid():N}";
        await _grains.Stock(key).HoldAsync(new HoldRequest(id, 2, Now + Ttl));
        var reservation = Reservation(id);
        await WriteReservationRecordAsync(reservation, new ReservationState
        {
            Status = ReservationStatus.Held,
            Intent = ReservationIntent.Commit,
            OrderId = "o-9",
            Lines = [Line(key, 2)],
            CreatedAt = Now,
            ExpiresAt = Now + Ttl,
        });

        var view = await reservation.GetAsync();

        Assert.Equal((ReservationStatus.Committed, "o-9"), (view!.Status, view.OrderId));
        var stock = await _grains.Stock(key).GetSnapshotAsync();
        Assert.Equal((0L, 2L), (stock.Reserved, stock.Committed));
    }

    [Fact]
    public async Task AHoldThatLosesAWriteToAnotherActivationOfThePairIsRepeatedAndSucceeds()
    {
        var key = await _grains.SeedAsync(10, Now);
        var stock = _grains.Stock(key);
        // What a second activation of the pair leaves behind while a silo hands its grains over: the stored row has
        // moved on a version (here: 5 more units counted) that the live activation has not seen.
        var stored = (await fixture.StockStorage().ReadAsync(key))!;
        var moved = stored.Row;
        moved.OnHand += 5;
        moved.Version++;
        await fixture.StockStorage().WriteAsync(key, new StoredStockWrite(stored.Version, moved, new Dictionary<string, HoldPageState>(), [], [], [], [],
            new Dictionary<string, ClosedReservation>()));

        var reply = await ReserveAsync(Reservation(), Ttl, Line(key, 2));

        // The stale activation's write failed on the version, it reloaded, and the repeated hold was decided on
        // the stored state: nothing of either writer is lost and the checkout never saw the conflict.
        Assert.Equal(ReservationOutcome.Ok, reply.Outcome);
        var snapshot = await stock.GetSnapshotAsync();
        Assert.Equal((15L, 2L, moved.Version + 1), (snapshot.OnHand, snapshot.Reserved, snapshot.Version));
    }

    [Fact]
    public async Task AReservationWhoseStockCallFailsHalfWayGivesBackWhatItHeldAndTheSameCreatePlacesItLater()
    {
        var plenty = await _grains.SeedAsync(10, Now);
        var unreachable = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        InventoryTestCluster.Faults.Fail(unreachable.ToString(), nameof(IStockGrain.HoldAsync));

        var failed = await ReserveAsync(reservation, Ttl, Line(plenty, 3), Line(unreachable, 2));

        InventoryTestCluster.Faults.Clear(unreachable.ToString());
        Assert.Equal((0L, 0L), ((await StockCountersAsync(plenty)).Reserved, (await StockCountersAsync(unreachable)).Reserved));
        Assert.Equal((ReservationOutcome.Unavailable, ReservationStatus.Pending), (failed.Outcome, failed.Reservation!.Status));
        Assert.Equal((ReservationStatus.Pending, ReservationIntent.None, (string?)null), await StoredRecordAsync(reservation));

        var retried = await ReserveAsync(reservation, Ttl, Line(plenty, 3), Line(unreachable, 2));

        Assert.Equal((ReservationOutcome.Ok, ReservationStatus.Held), (retried.Outcome, retried.Reservation!.Status));
        Assert.Equal((3L, 2L), ((await StockCountersAsync(plenty)).Reserved, (await StockCountersAsync(unreachable)).Reserved));
    }

    [Fact]
    public async Task AReservationThatCannotGiveBackItsHoldsEitherStillEndsThemAtItsExpiry()
    {
        var stuck = await _grains.SeedAsync(10, Now);
        var unreachable = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        InventoryTestCluster.Faults.Fail(unreachable.ToString(), nameof(IStockGrain.HoldAsync));
        InventoryTestCluster.Faults.Fail(stuck.ToString(), nameof(IStockGrain.ReleaseAsync));

        await Assert.ThrowsAsync<InventoryUnavailableException>(
            () => ReserveAsync(reservation, TimeSpan.FromMinutes(5), Line(stuck, 3), Line(unreachable, 2)));
        InventoryTestCluster.Faults.Clear(unreachable.ToString());
        InventoryTestCluster.Faults.Clear(stuck.ToString());
        Assert.Equal(3, (await StockCountersAsync(stuck)).Reserved);

        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(5));

        await Eventually.MatchesAsync(
            () => StoredRecordAsync(reservation), r => r.Status == ReservationStatus.Expired && r.Intent == ReservationIntent.None,
            "the reservation's own timer to end it at its expiry", TimeSpan.FromSeconds(10));
        Assert.Equal(0, (await StockCountersAsync(stuck)).Reserved);
    }

    [Fact]
    public async Task ACommitWhoseStockCallKeepsFailingIsFinishedByTheReservationItself()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, Ttl, Line(key, 3));
        InventoryTestCluster.Faults.Fail(key.ToString(), nameof(IStockGrain.CommitAsync));
        await Assert.ThrowsAsync<InventoryUnavailableException>(() => reservation.CommitAsync("o-1"));
        InventoryTestCluster.Faults.Clear(key.ToString());

        // No call reaches the reservation again: only its own timer can finish the commit once time moves on.
        InventoryTestCluster.Clock.Advance(TimeSpan.FromSeconds(5));

        await Eventually.MatchesAsync(
            () => StoredRecordAsync(reservation), r => r == (ReservationStatus.Committed, ReservationIntent.None, "o-1"),
            "the reservation to finish its commit by itself", TimeSpan.FromSeconds(10));
        var stock = await StockCountersAsync(key);
        Assert.Equal((0L, 3L), (stock.Reserved, stock.Committed));
        await Eventually.MatchesAsync(() => ReminderCountAsync(reservation), count => count == 0, "the finished reservation to drop its reminder");
    }

    [Fact]
    public async Task ACommitLeftUnfinishedByAnActivationThatIsGoneIsFinishedWithoutACall()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, Ttl, Line(key, 3));
        InventoryTestCluster.Faults.Fail(key.ToString(), nameof(IStockGrain.CommitAsync));
        await Assert.ThrowsAsync<InventoryUnavailableException>(() => reservation.CommitAsync("o-2"));
        // What a silo crash right after the failure leaves: the stored commit intent, and no activation or timer.
        await DeactivateAsync(reservation);
        InventoryTestCluster.Faults.Clear(key.ToString());

        await Eventually.MatchesAsync(
            () => StoredRecordAsync(reservation), r => r == (ReservationStatus.Committed, ReservationIntent.None, "o-2"),
            "a reminder to bring the reservation back and finish its commit", TimeSpan.FromSeconds(20));
        Assert.Equal((0L, 3L), ((await StockCountersAsync(key)).Reserved, (await StockCountersAsync(key)).Committed));
        await Eventually.MatchesAsync(() => ReminderCountAsync(reservation), count => count == 0, "the finished reservation to drop its reminder");
    }

    [Fact]
    public async Task AReleaseWhoseStockCallKeepsFailingIsFinishedByATimerWithoutACall()
    {
        var key = await _grains.SeedAsync(10, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, Ttl, Line(key, 3));
        InventoryTestCluster.Faults.Fail(key.ToString(), nameof(IStockGrain.ReleaseAsync));
        await Assert.ThrowsAsync<InventoryUnavailableException>(() => reservation.ReleaseAsync());
        InventoryTestCluster.Faults.Clear(key.ToString());

        // A release keeps no reminder: only the reservation's retry timer can finish it, once time moves on.
        InventoryTestCluster.Clock.Advance(TimeSpan.FromSeconds(5));

        await Eventually.MatchesAsync(
            () => StoredRecordAsync(reservation), r => r == (ReservationStatus.Released, ReservationIntent.None, null),
            "the reservation's retry timer to finish the release", TimeSpan.FromSeconds(10));
        Assert.Equal(0, (await StockCountersAsync(key)).Reserved);
    }

    [Fact]
    public async Task AReservationThatComesBackAsItsHoldsExpireIsExpiredAndALatePaymentStillCommits()
    {
        var key = await _grains.SeedAsync(5, Now);
        var reservation = Reservation();
        await ReserveAsync(reservation, TimeSpan.FromMinutes(1), Line(key, 2));
        await DeactivateAsync(reservation);
        InventoryTestCluster.Clock.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        // The reservation comes back with a second to go and places its hold again; by the time the pair decides, the
        // hold's time is up there.
        InventoryTestCluster.Faults.Once(key.ToString(), nameof(IStockGrain.HoldAsync), () => InventoryTestCluster.Clock.Advance(TimeSpan.FromSeconds(1)));

        var view = await reservation.GetAsync();
        var reply = await reservation.CommitAsync("order-late");

        Assert.Equal(ReservationStatus.Expired, view!.Status);
        Assert.Empty(view.Shortfalls);
        Assert.Equal((ReservationOutcome.Ok, ReservationStatus.Committed), (reply.Outcome, reply.Reservation!.Status));
        var stock = await StockCountersAsync(key);
        Assert.Equal((0L, 2L, 3L), (stock.Reserved, stock.Committed, stock.Available));
    }

    [Fact]
    public async Task ACommitIntoAShortfallIsRefusedWhileAnOlderHoldCommits()
    {
        var key = await _grains.SeedAsync(10, Now);
        var older = Reservation();
        var newer = Reservation();
        await ReserveAsync(older, Ttl, Line(key, 6));
        await ReserveAsync(newer, Ttl, Line(key, 4));
        await CountAsync(key, 7);

        var refused = await newer.CommitAsync("o-newer");
        var committed = await older.CommitAsync("o-older");

        Assert.Equal((ReservationOutcome.Insufficient, ReservationStatus.Held, (string?)null),
            (refused.Outcome, refused.Reservation!.Status, refused.Reservation.OrderId));
        Assert.Equal(new LineShortfall(key.Sku, key.Location, 4, 0), Assert.Single(refused.Shortfalls));
        Assert.Contains($"SKU '{key.Sku}' at '{key.Location}' (4 held) is short", refused.Detail, StringComparison.Ordinal);
        Assert.Equal((ReservationStatus.Held, ReservationIntent.None, (string?)null), await StoredRecordAsync(newer));
        Assert.Equal((ReservationOutcome.Ok, ReservationStatus.Committed), (committed.Outcome, committed.Reservation!.Status));
        var stock = await StockCountersAsync(key);
        Assert.Equal((7L, 4L, 6L, 3L), (stock.OnHand, stock.Reserved, stock.Committed, stock.Shortfall));
    }

    [Fact]
    public async Task AnExtensionOfAShortHoldIsRefusedAndTheReservationKeepsItsExpiry()
    {
        var key = await _grains.SeedAsync(5, Now);
        await ReserveAsync(Reservation(), Ttl, Line(key, 3));
        var newer = Reservation();
        var held = await ReserveAsync(newer, TimeSpan.FromMinutes(5), Line(key, 2));
        await CountAsync(key, 4);

        var reply = await newer.ExtendAsync(TimeSpan.FromMinutes(30));

        Assert.Equal((ReservationOutcome.Insufficient, ReservationStatus.Held), (reply.Outcome, reply.Reservation!.Status));
        Assert.Equal(held.Reservation!.ExpiresAt, reply.Reservation.ExpiresAt);
        Assert.Equal(key.Sku, Assert.Single(reply.Shortfalls).Sku);
        Assert.True(await _grains.Stock(key).IsShortAsync(newer.GetPrimaryKeyString()));
    }

    [Fact]
    public async Task AReservationInterruptedWhileCommittingIntoAShortfallEndsHeldWithNothingCommitted()
    {
        var plenty = await _grains.SeedAsync(10, Now);
        var scarce = await _grains.SeedAsync(5, Now);
        var id = $"r-{Guid.NewGuid():N}";
        await _grains.Stock(scarce).HoldAsync(new HoldRequest($"older-{id}", 3, Now + Ttl));
        await _grains.Stock(plenty).HoldAsync(new HoldRequest(id, 2, Now + Ttl));
        await _grains.Stock(scarce).HoldAsync(new HoldRequest(id, 2, Now + Ttl));
        await CountAsync(scarce, 4);
        var reservation = Reservation(id);
        // What a silo that died right after persisting the commit leaves behind.
        await WriteReservationRecordAsync(reservation, new ReservationState
        {
            Status = ReservationStatus.Held,
            Intent = ReservationIntent.Commit,
            OrderId = "o-9",
            Lines = [Line(plenty, 2), Line(scarce, 2)],
            CreatedAt = Now,
            ExpiresAt = Now + Ttl,
        });

        var view = await reservation.GetAsync();

        Assert.Equal((ReservationStatus.Held, (string?)null), (view!.Status, view.OrderId));
        Assert.Equal([false, true], view.ShortLines);
        Assert.Equal((ReservationStatus.Held, ReservationIntent.None, (string?)null), await StoredRecordAsync(reservation));
        var stock = await StockCountersAsync(plenty);
        Assert.Equal((2L, 0L, 1), (stock.Reserved, stock.Committed, stock.ActiveHolds));
    }

    [Fact]
    public async Task OnlyAFirstCreateAsksForItsHoldsAsNewAndARepeatedOrResumedHoldSaysItRepeats()
    {
        var key = await _grains.SeedAsync(10, Now);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(string Reservation, bool Repeat)>();
        InventoryTestCluster.Faults.Observe(key.ToString(), nameof(IStockGrain.HoldAsync), call =>
        {
            var request = (HoldRequest)call.Request.GetArgument(0)!;
            seen.Enqueue((request.ReservationId, request.Repeat));
            if (request.ReservationId.StartsWith("retried-", StringComparison.Ordinal) && !request.Repeat)
            {
                throw new InventoryUnavailableException("Test fault: the first hold is lost on its way.");
            }
        });
        try
        {
            var fresh = Reservation();
            var retried = Reservation($"retried-{Guid.NewGuid():N}");
            var resumed = Reservation();
            await WriteReservationRecordAsync(resumed, new ReservationState
            {
                Status = ReservationStatus.Pending,
                Intent = ReservationIntent.Hold,
                Lines = [Line(key, 1)],
                CreatedAt = Now,
                ExpiresAt = Now + Ttl,
            });

            Assert.Equal(ReservationOutcome.Ok, (await ReserveAsync(fresh, Ttl, Line(key, 1))).Outcome);
            Assert.Equal(ReservationOutcome.Ok, (await ReserveAsync(retried, Ttl, Line(key, 1))).Outcome);
            Assert.Equal(ReservationStatus.Held, (await resumed.GetAsync())!.Status);

            Assert.Equal(
                [(fresh.GetPrimaryKeyString(), false), (retried.GetPrimaryKeyString(), false), (retried.GetPrimaryKeyString(), true), (resumed.GetPrimaryKeyString(), true)],
                seen);
        }
        finally
        {
            InventoryTestCluster.Faults.Clear(key.ToString());
        }
    }

    /// <summary>A count a second later than the last, so it is not stale.</summary>
    private async Task CountAsync(StockKey key, long onHand)
    {
        InventoryTestCluster.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(StockFeedOutcome.Applied, (await _grains.Stock(key).SetCountAsync(new StockCount(onHand, null, Now))).Outcome);
    }

    private async Task<StockSnapshot> StockCountersAsync(StockKey key) => await _grains.Stock(key).GetSnapshotAsync();

    private async Task<(ReservationStatus Status, ReservationIntent Intent, string? OrderId)> StoredRecordAsync(IReservationGrain reservation)
    {
        var record = await StoredAsync<ReservationState>("reservation", reservation.GetGrainId());
        return (record.Status, record.Intent, record.OrderId);
    }

    private async Task DeactivateAsync(IReservationGrain reservation)
    {
        await reservation.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.MatchesAsync(
            () => ActivationCountAsync(reservation.GetGrainId()), count => count == 0, "the reservation grain to deactivate");
    }

    private async Task<int> ActivationCountAsync(GrainId grainId)
    {
        var management = _grains.GetGrain<IManagementGrain>(0);
        var stats = await management.GetDetailedGrainStatistics();
        return stats.Count(s => s.GrainId == grainId);
    }

    private IGrainStorage Storage =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(InventoryNames.GrainStorage);

    private async Task<int> ReminderCountAsync(IReservationGrain reservation)
    {
        var reminders = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<IReminderTable>();
        return (await reminders.ReadRows(reservation.GetGrainId())).Reminders.Count;
    }

    private Task WriteReservationRecordAsync(IReservationGrain reservation, ReservationState record) =>
        Storage.WriteStateAsync("reservation", reservation.GetGrainId(), new GrainState<ReservationState>(record));

    private async Task<T> StoredAsync<T>(string stateName, GrainId grainId)
        where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage.ReadStateAsync(stateName, grainId, state);
        return state.State ?? new T();
    }
}
