using System.Data.Common;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Inventory.Testing;

/// <summary>
/// What a stock storage must do, written once and run on SQLite (integration tests) and PostgreSQL (cluster tests) by
/// the classes that derive from this one. Every test runs against a service of its own in the database, so no other
/// test's pairs are in the way, and writes synthetic pairs (with movements and index rows the grains do not write yet)
/// straight through the storage.
/// </summary>
public abstract class StockStorageTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    /// <summary>The database the tests run in, its schema created.</summary>
    protected abstract StorageOptions Database { get; }

    /// <summary>
    /// A storage of <paramref name="serviceId"/> whose writes wait until the release returned with it, so that every write
    /// made meanwhile goes out in one batch; the release ends once the storage is stopped.
    /// </summary>
    protected abstract Task<(StockStorage Storage, Func<Task> Release)> HoldWritesAsync(string serviceId);

    /// <summary>Runs a statement on the database, outside any storage.</summary>
    protected abstract Task ExecuteAsync(string sql);

    private static StockKey Pair(string sku) => new("WH-STORE", sku);

    /// <summary>A storage of a new service in the database, started as a silo starts it.</summary>
    protected async Task<RunningStockStorage> StartAsync(string? serviceId = null)
    {
        var storage = Create(serviceId ?? $"store-{Guid.NewGuid():N}"[..20]);
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        storage.Participate(lifecycle);
        await lifecycle.OnStart();
        return new RunningStockStorage(storage, lifecycle);
    }

    /// <summary>A storage of <paramref name="serviceId"/> in the database that has not started: writes wait in its queue.</summary>
    protected StockStorage Create(string serviceId) => StockStorageExtensions.Create(Database, serviceId, Serializer, new StockOptions());

    [Fact]
    public async Task ARowItsPagesMovementsAndIndexRowsComeBackAsWritten()
    {
        await using var running = await StartAsync();
        var storage = running.Storage;
        var (key, short_) = (Pair("ROUND"), Pair("SHORT"));
        var row = new StockState
        {
            Version = 5, OnHand = 10, Reserved = 3, Committed = 2, SafetyStock = 1, Damaged = 4,
            Holds = { ["h-1"] = new HeldUnits(1, Now.AddMinutes(10)) },
            HoldPages = ["stock-holds-p1"],
            LastCountAsOf = Now.AddHours(-3), StaleCountsIgnored = 2, DuplicatesIgnored = 1, UpdatedAt = Now,
        };
        var page = new HoldPageState { Holds = { ["h-2"] = new HeldUnits(2, Now.AddMinutes(5)) } };
        StockMovement[] movements =
        [
            Movement(1, StockMovementKind.Count, new(8, 0, 0, 1), new(8, 0, 0, 1), Now.AddHours(-3)) with { Variance = 8, Actor = "ops-eu" },
            Movement(2, StockMovementKind.Adjustment, new(2, 0, 0, 0), new(10, 0, 0, 1), Now.AddMinutes(-30))
                with { Reason = "correction", Note = "found on shelf 4", Reference = "op-2", Actor = "ops-eu" },
            Movement(3, StockMovementKind.Commit, new(0, 2, 0, 0), new(10, 2, 0, 1), Now.AddMinutes(-10)) with { Reference = "r-1", Actor = "system" },
            Movement(4, StockMovementKind.Return, new(0, 0, 4, 0), new(10, 2, 4, 1), Now.AddMinutes(-5)),
        ];
        var order = new StockOrder("r-1", 2, new HeldUnits(2, Now.AddMinutes(10)), Now.AddMinutes(-10));
        var released = new ClosedReservation(StockChangeCause.Release, Now) { KeepUntil = Now.AddHours(2) };

        Assert.Equal(1, await storage.WriteAsync(key, Write(null, row, movements) with
        {
            SealedPages = new Dictionary<string, HoldPageState> { ["stock-holds-p1"] = page },
            OpenedOrders = [order],
            Closed = new Dictionary<string, ClosedReservation> { ["r-0"] = released, ["r-9"] = new(StockChangeCause.Expire, Now) },
            ActiveHolds = 2,
            NextExpiry = Now.AddMinutes(5),
        }));
        await storage.WriteAsync(short_, Write(null, new StockState { Version = 3, OnHand = 1, Reserved = 2, Committed = 1, Holds = { ["h-3"] = new HeldUnits(2, Now) } }, []) with { ActiveHolds = 1 });

        var stored = (await storage.ReadAsync(key))!;
        Assert.Equal(1, stored.Version);
        Assert.Equivalent(row, stored.Row, strict: true);
        Assert.Equal(["h-2"], Assert.Single(stored.Pages, p => p.Key == "stock-holds-p1").Value.Holds.Keys);
        Assert.Equal(movements, (await storage.ReadMovementsAsync(key, new StockMovementQuery(null, null, 10, false))).Items);
        Assert.Equal((true, false), (await storage.HasMovementAsync(key, "op-2"), await storage.HasMovementAsync(key, "op-3")));
        Assert.Equal(order, await storage.FindOrderAsync(key, "r-1"));
        Assert.Equal(released, await storage.FindClosedAsync(key, "r-0"));
        Assert.Equal(new ClosedReservation(StockChangeCause.Expire, Now) { KeepUntil = Now + new StockOptions().ClosedReservationRetention }, await storage.FindClosedAsync(key, "r-9"));
        Assert.Null(await storage.FindClosedAsync(key, "r-1"));
        // Occurred after an hour ago, up to movement 3: the adjustment's 2 (the commit changed no onHand).
        Assert.Equal((2L, 2L, 10L), (
            await storage.SumOnHandDeltasAsync(key, Now.AddHours(-1), 3),
            await storage.SumOnHandDeltasAsync(key, Now.AddHours(-1), 2),
            await storage.SumOnHandDeltasAsync(key, Now.AddHours(-4), 4)));

        var shortfall = Assert.Single(await storage.ListShortfallsAsync(null, null, 10));
        Assert.Equal((short_, 3L, 2L, 1, 2L), (shortfall.Key, shortfall.Version, shortfall.Reserved, shortfall.ActiveHolds, shortfall.Shortfall));
        Assert.Equal(new Dictionary<string, long> { ["WH-STORE"] = 2 }, await storage.ShortfallUnitsByLocationAsync());
        var all = await storage.ReadAllAsync(CancellationToken.None).ToListAsync();
        Assert.Equal([key, short_], all.Select(s => s.Key).OrderBy(k => k.ToString(), StringComparer.Ordinal));
        var snapshot = all.Single(s => s.Key == key);
        Assert.Equal((5L, 10L, 3L, 2L, 1L, 4L, 2, Now.AddHours(-3), 2L, 1L, (DateTimeOffset?)Now),
            (snapshot.Version, snapshot.OnHand, snapshot.Reserved, snapshot.Committed, snapshot.SafetyStock, snapshot.Damaged, snapshot.ActiveHolds,
             snapshot.LastCountAsOf!.Value, snapshot.StaleCountsIgnored, snapshot.DuplicatesIgnored, snapshot.UpdatedAt));

        // The next write ends the order and drops the page, with one more movement.
        row.Version = 6;
        row.Committed = 0;
        row.HoldPages = [];
        Assert.Equal(2, await storage.WriteAsync(key, Write(1, row, [Movement(5, StockMovementKind.Ship, new(0, -2, 0, 0), new(10, 0, 4, 1), Now)]) with
        {
            DroppedPages = ["stock-holds-p1"],
            EndedOrders = ["r-1"],
        }));
        var after = (await storage.ReadAsync(key))!;
        Assert.Equal((2L, 6L, 0), (after.Version, after.Row.Version, after.Pages.Count));
        Assert.Null(await storage.FindOrderAsync(key, "r-1"));
        Assert.Equal(5, (await storage.ReadMovementsAsync(key, new StockMovementQuery(null, null, 10, false))).Items.Count);
        Assert.Empty((await StockLedgerCheck.RunAsync(Database, storage.ServiceId)).Broken);
    }

    [Fact]
    public async Task MovementsArePagedOldestFirstAfterASequenceAndNewestFirstBeforeOne()
    {
        await using var running = await StartAsync();
        var storage = running.Storage;
        var key = Pair("PAGED");
        await storage.WriteAsync(key, Write(null, new StockState { Version = 7, OnHand = 7 }, Chain(1, 7, new(0, 0, 0, 0))));

        async Task<string> PageAsync(long? after, long? before, bool newestFirst)
        {
            var page = await storage.ReadMovementsAsync(key, new StockMovementQuery(after, before, 3, newestFirst));
            return $"{string.Join(",", page.Items.Select(m => m.Sequence))} next {page.Next?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
        }

        Assert.Equal(["1,2,3 next 3", "4,5,6 next 6", "7 next -"], [await PageAsync(null, null, false), await PageAsync(3, null, false), await PageAsync(6, null, false)]);
        Assert.Equal(["7,6,5 next 5", "4,3,2 next 2", "1 next -"], [await PageAsync(null, null, true), await PageAsync(null, 5, true), await PageAsync(null, 2, true)]);
        Assert.Equal(" next -", await PageAsync(7, null, false));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.ReadMovementsAsync(key, new StockMovementQuery(null, null, 0, false)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => storage.ReadMovementsAsync(key, new StockMovementQuery(null, null, StockStorage.MaxPageSize + 1, false)));
    }

    [Fact]
    public async Task MovementsPastTheirRetentionAndEndedReservationsPastTheirKeepUntilAreDeleted()
    {
        await using var running = await StartAsync();
        var storage = running.Storage;
        var key = Pair("OLD");
        StockMovement[] movements =
        [
            .. Chain(1, 3, new(0, 0, 0, 0)).Zip([Now.AddDays(-401), Now.AddDays(-400).AddSeconds(-1), Now.AddDays(-399)], (m, at) => m with { RecordedAt = at }),
        ];
        await storage.WriteAsync(key, Write(null, new StockState { Version = 3, OnHand = 3 }, movements) with
        {
            OpenedOrders = [new StockOrder("r-open", 1, new HeldUnits(1, Now), Now.AddDays(-500))],
            Closed = new Dictionary<string, ClosedReservation>
            {
                ["r-gone"] = new(StockChangeCause.Release, Now.AddHours(-2)) { KeepUntil = Now.AddSeconds(-1) },
                ["r-kept"] = new(StockChangeCause.Release, Now.AddHours(-2)) { KeepUntil = Now.AddHours(1) },
            },
        });

        Assert.Equal(2, await storage.DeleteMovementsRecordedBeforeAsync(Now.AddDays(-400), CancellationToken.None));
        Assert.Equal(1, await storage.DeleteClosedKeptUntilBeforeAsync(Now, CancellationToken.None));

        Assert.Equal([3L], (await storage.ReadMovementsAsync(key, new StockMovementQuery(null, null, 10, false))).Items.Select(m => m.Sequence));
        Assert.Null(await storage.FindClosedAsync(key, "r-gone"));
        Assert.NotNull(await storage.FindClosedAsync(key, "r-kept"));
        Assert.NotNull(await storage.FindOrderAsync(key, "r-open"));
        // What is retained still chains and ends at the row.
        Assert.Equal((1, 0), Count(await StockLedgerCheck.RunAsync(Database, storage.ServiceId)));
    }

    /// <summary>
    /// Ten pairs written in one batch, of which one builds on a version that moved on and one carries a movement the
    /// database refuses: each of those two fails on its own and stores nothing (no row change without its movements, no
    /// movement without its row), and the other eight are stored whole.
    /// </summary>
    [Fact]
    public async Task AConflictingAndARefusedWriteStoreNothingAndFailAloneWhileTheirBatchCommits()
    {
        await using var setup = await StartAsync();
        var keys = Enumerable.Range(0, 10).Select(i => Pair($"BATCH-{i}")).ToList();
        foreach (var key in keys)
        {
            await setup.Storage.WriteAsync(key, Write(null, new StockState { Version = 1, OnHand = 5 }, Chain(1, 1, new(4, 0, 0, 0))));
        }

        var (storage, release) = await HoldWritesAsync(setup.Storage.ServiceId);
        var writes = keys.Select((key, i) => storage.WriteAsync(key, Write(i == 3 ? 7 : 1, new StockState { Version = 2, OnHand = 6, Committed = 1 },
            [Movement(i == 6 ? 1 : 2, StockMovementKind.Receipt, new(1, 0, 0, 0), new(6, 0, 0, 0), Now)]) with
        {
            SealedPages = new Dictionary<string, HoldPageState> { [$"stock-holds-{i}"] = new() { Holds = { ["h"] = new HeldUnits(1, Now) } } },
            OpenedOrders = [new StockOrder($"r-{i}", 1, new HeldUnits(1, Now), Now)],
            Closed = new Dictionary<string, ClosedReservation> { [$"c-{i}"] = new(StockChangeCause.Release, Now) },
        })).ToList();
        await release();

        await Assert.ThrowsAsync<Orleans.Storage.InconsistentStateException>(() => writes[3]);
        await Assert.ThrowsAnyAsync<DbException>(() => writes[6]);
        foreach (var (key, i) in keys.Select((k, i) => (k, i)))
        {
            var stored = (await setup.Storage.ReadAsync(key))!;
            var movements = (await setup.Storage.ReadMovementsAsync(key, new StockMovementQuery(null, null, 10, false))).Items;
            var order = await setup.Storage.FindOrderAsync(key, $"r-{i}");
            var closed = await setup.Storage.FindClosedAsync(key, $"c-{i}");
            var what = $"{key}: version {stored.Version}, onHand {stored.Row.OnHand}, {stored.Pages.Count} pages, movements ({string.Join(",", movements.Select(m => $"{m.Sequence}:{m.After.OnHand}"))}), order {order is not null}, closed {closed is not null}";
            Assert.Equal(i is 3 or 6
                ? $"{key}: version 1, onHand 5, 0 pages, movements (1:5), order False, closed False"
                : $"{key}: version 2, onHand 6, 1 pages, movements (1:5,2:6), order True, closed True", what);
            if (i is not (3 or 6))
            {
                Assert.Equal(2, await writes[i]);
            }
        }
    }

    /// <summary>
    /// The ledger check passes a store whose pairs chain (with or without movements, with some deleted by retention)
    /// and names each pair broken on purpose: a movement that does not follow the one before, a row that is not where
    /// its movements end.
    /// </summary>
    [Fact]
    public async Task TheLedgerCheckFindsNothingWrongInACorrectStoreAndNamesEachPairBrokenOnPurpose()
    {
        await using var running = await StartAsync();
        var storage = running.Storage;
        var (chained, noMovements, retained, gap) = (Pair("CHAINED"), Pair("NO-MOVEMENTS"), Pair("RETAINED"), Pair("GAP"));
        await storage.WriteAsync(chained, Write(null, new StockState { Version = 4, OnHand = 3, SafetyStock = 1 }, Chain(1, 3, new(0, 0, 0, 1))));
        await storage.WriteAsync(noMovements, Write(null, new StockState { Version = 9, OnHand = 0, Reserved = 0 }, []));
        await storage.WriteAsync(retained, Write(null, new StockState { Version = 12, OnHand = 12 }, Chain(11, 2, new(10, 0, 0, 0))));
        await storage.WriteAsync(gap, Write(null, new StockState { Version = 3, OnHand = 3 }, Chain(1, 3, new(0, 0, 0, 0))));
        Assert.Equal((4, 0), Count(await StockLedgerCheck.RunAsync(Database, storage.ServiceId)));

        // Broken on purpose: a movement whose quantities after are not the previous ones plus its deltas, a pair whose
        // row is not where its movements end, and a movement missing in the middle.
        await ExecuteAsync($"UPDATE inventory_stock_movements SET on_hand_after = on_hand_after + 1 WHERE service = '{storage.ServiceId}' AND sku = 'CHAINED' AND seq = 2");
        await ExecuteAsync($"UPDATE inventory_stock SET on_hand = 13 WHERE service = '{storage.ServiceId}' AND sku = 'RETAINED'");
        await ExecuteAsync($"DELETE FROM inventory_stock_movements WHERE service = '{storage.ServiceId}' AND sku = 'GAP' AND seq = 2");

        var report = await StockLedgerCheck.RunAsync(Database, storage.ServiceId);
        Assert.Equal(4, report.PairsChecked);
        Assert.Equal(
        [
            $"{chained}: movement 2 ends at onHand 3, committed 0, damaged 0, safetyStock 1, but onHand 1, committed 0, damaged 0, safetyStock 1 + its deltas is onHand 2, committed 0, damaged 0, safetyStock 1",
            $"{gap}: movement 3 follows movement 1",
            $"{retained}: the movements end at onHand 12, committed 0, damaged 0, safetyStock 0, but the pair stores onHand 13, committed 0, damaged 0, safetyStock 0",
        ], report.Broken.Select(b => $"{b.Key}: {b.Problem}"));
    }

    private static (int Checked, int Broken) Count(StockLedgerReport report) => (report.PairsChecked, report.Broken.Count);

    /// <summary>A write of <paramref name="row"/> and <paramref name="movements"/>, with nothing else.</summary>
    private static StoredStockWrite Write(long? expected, StockState row, IReadOnlyList<StockMovement> movements) =>
        new(expected, row, new Dictionary<string, HoldPageState>(), [], movements, [], [], new Dictionary<string, ClosedReservation>());

    /// <summary><paramref name="count"/> receipts of one unit each from sequence <paramref name="first"/>, after <paramref name="before"/>.</summary>
    private static StockMovement[] Chain(long first, int count, StockQuantities before) =>
    [
        .. Enumerable.Range(0, count).Select(i => Movement(first + i, StockMovementKind.Receipt, new(1, 0, 0, 0),
            before with { OnHand = before.OnHand + i + 1 }, Now.AddMinutes(i))),
    ];

    private static StockMovement Movement(long sequence, StockMovementKind kind, StockQuantities delta, StockQuantities after, DateTimeOffset at) => new()
    {
        Sequence = sequence,
        Kind = kind,
        Delta = delta,
        After = after,
        OccurredAt = at,
        RecordedAt = at,
    };
}

/// <summary>A started stock storage; disposing it stops it as a silo would, then closes it.</summary>
public sealed class RunningStockStorage(StockStorage storage, SiloLifecycleSubject lifecycle) : IAsyncDisposable
{
    public StockStorage Storage { get; } = storage;

    public async ValueTask DisposeAsync()
    {
        await lifecycle.OnStop();
        await Storage.DisposeAsync();
    }
}
