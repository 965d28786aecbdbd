using System.Data.Common;
using Inventory.Reservations;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Microsoft.Extensions.Time.Testing;
using Orleans.Core.Internal;
using Orleans.Storage;

namespace Inventory.Testing;

/// <summary>
/// A churn of holds on a pair with hold pages of 3, then the storage janitor, then the rows that are left counted by
/// state name: what is live (the pairs, their pages, held and committed reservations) stays and loads as before;
/// ended reservations, a page no pair lists and a cleared (NULL) row go. A pair stored the old way (its row and a page
/// in grain storage) keeps its page there until its first write moves both into the stock tables; then the janitor
/// deletes the page left behind. Shared by the SQLite and the PostgreSQL test, whose silos must run the grains on
/// <paramref name="clock"/> with <c>HoldPageSize</c> 3.
/// </summary>
public sealed class StorageChurn(
    IGrainFactory grains, IGrainStorage storage, IStockStorage stockStorage, StorageJanitor janitor, FakeTimeProvider clock,
    Func<DbConnection> connect, string serviceId)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // How CountRowsAsync names hold pages, counted as one.
    private const string Pages = StockStore.HoldPagePrefix + "*";
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];

    private StockKey Pair => new("WH-CHURN", $"SKU-{_run}");

    private StockKey Scarce => new("WH-CHURN", $"SCARCE-{_run}");

    private StockKey Old => new("WH-CHURN", $"OLD-{_run}");

    public async Task RunAsync()
    {
        await SeedAsync(Pair, 100);
        await SeedAsync(Scarce, 1);

        // One reservation at a time, so every third hold seals a page: (0, 1, 2) (3, 4, 5) (6, 7, 8) (9, 10, 11).
        for (var i = 0; i < 12; i++)
        {
            var ttl = i is 6 or 7 or 8 ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(30);
            await ExpectAsync(ReservationOutcome.Ok, Reservation(i).CreateAsync(new CreateReservation([new ReservationLine(Pair.Sku, Pair.Location, 1)], ttl)));
        }

        foreach (var i in new[] { 0, 1, 2, 3 })
        {
            await ExpectAsync(ReservationOutcome.Ok, Reservation(i).ReleaseAsync());
        }

        foreach (var i in new[] { 4, 5, 9 })
        {
            await ExpectAsync(ReservationOutcome.Ok, Reservation(i).CommitAsync($"order-{i}"));
        }

        await ExpectAsync(ReservationOutcome.Ok, Reservation(5).FulfillAsync());
        await ExpectAsync(ReservationOutcome.Ok, Reservation(9).CancelAsync());
        clock.Advance(TimeSpan.FromMinutes(2));
        foreach (var i in new[] { 6, 7, 8 })
        {
            Assert.Equal(ReservationStatus.Expired, (await Reservation(i).GetAsync())!.Status);
        }

        await ExpectAsync(ReservationOutcome.Insufficient,
            Reservation(12).CreateAsync(new CreateReservation([new ReservationLine(Scarce.Sku, Scarce.Location, 2)], TimeSpan.FromMinutes(30))));

        // Pages (0, 1, 2), (3, 4, 5) and (6, 7, 8) ended whole and were deleted with the writes that dropped them;
        // (9, 10, 11) keeps 10 and 11.
        var stored = (await stockStorage.ReadAsync(Pair))!;
        Assert.Equal(Assert.Single(stored.Row.HoldPages), Assert.Single(stored.Pages).Key);

        // A pair stored before the stock tables, and what failures and the code before clears deleted rows left behind:
        // a page whose pair's row was never written (unlisted), and a cleared page kept with a NULL payload.
        var oldPage = $"{StockStore.HoldPagePrefix}{Guid.NewGuid():N}";
        await storage.WriteStateAsync(oldPage, StockGrain(Old), new GrainState<HoldPageState>(new HoldPageState
        {
            Holds = { ["old-hold"] = new HeldUnits(1, clock.GetUtcNow().AddMinutes(30)) },
        }));
        await storage.WriteStateAsync(StockStore.StateName, StockGrain(Old), new GrainState<StockState>(new StockState
        {
            Version = 3,
            OnHand = 5,
            Reserved = 1,
            HoldPages = [oldPage],
            UpdatedAt = clock.GetUtcNow(),
        }));
        await storage.WriteStateAsync($"{StockStore.HoldPagePrefix}{Guid.NewGuid():N}", StockGrain(Pair), new GrainState<HoldPageState>(new HoldPageState
        {
            Holds = { ["lost"] = new HeldUnits(1, clock.GetUtcNow()) },
        }));
        await ExecuteAsync($"""
            INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, grainidhash,
                                        graintypehash, payloadbinary, version, modifiedon)
            VALUES (@service, '{StockStore.HoldPagePrefix}cleared', 0, 0, @pair, 0, 0, NULL, 2, '2020-01-01T00:00:00.000Z')
            """);
        var snapshot = await Stock(Pair).GetSnapshotAsync();
        var kept = new Dictionary<int, ReservationView?>();
        foreach (var i in new[] { 4, 10, 11 })
        {
            kept[i] = await Reservation(i).GetAsync();
        }

        Assert.Equal(
            "reservation: 3, stock: 1, stock-holds-*: 1",
            await CleanUpAsync((IdempotencyAnswers: 0, EmptyRows: 1, UnlistedPages: 1, EndedReservations: 10)));

        // The old pair loads from grain storage; its first write moves its row and page into the stock tables, and the
        // page it leaves behind is no longer listed by any row there.
        var old = await Stock(Old).GetSnapshotAsync();
        Assert.Equal((3L, 5L, 1L, 1), (old.Version, old.OnHand, old.Reserved, old.ActiveHolds));
        Assert.Equal(StockFeedOutcome.Applied, (await Stock(Old).ReceiveAsync(new StockReceipt(2, $"receipt-{_run}"))).Outcome);
        Assert.Equal([oldPage], (await stockStorage.ReadAsync(Old))!.Pages.Keys);
        Assert.Equal(
            "reservation: 3",
            await CleanUpAsync((IdempotencyAnswers: 0, EmptyRows: 0, UnlistedPages: 1, EndedReservations: 0)));

        // What is left loads as it was: the pairs with their pages, the held and committed reservations; an ended
        // reservation is gone.
        GrainId[] reloaded = [StockGrain(Pair), StockGrain(Old), Reservation(0).GetGrainId(), .. kept.Keys.Select(i => Reservation(i).GetGrainId())];
        foreach (var grain in reloaded)
        {
            await grains.GetGrain(grain).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        }

        await WaitForAsync(async () => await Reservation(0).GetAsync() is null, "the released reservation to be gone once reactivated");
        Assert.Equal(snapshot, await Stock(Pair).GetSnapshotAsync());
        Assert.Equal((7L, 1L), ((await Stock(Old).GetSnapshotAsync()).OnHand, (await Stock(Old).GetSnapshotAsync()).Reserved));
        Assert.Equal(LineOutcome.Done, (await Stock(Old).ReleaseAsync("old-hold")).Outcome);
        foreach (var (i, view) in kept)
        {
            Assert.Equivalent(view, await Reservation(i).GetAsync(), strict: true);
        }
    }

    /// <summary>
    /// Makes everything of this run in grain storage older than the janitor's retention and grace periods, runs it,
    /// checks what it deleted there, and returns the rows left there. (Movements and what pairs keep of ended
    /// reservations age on the grains' clock, which other tests of a shared cluster move on: they have tests of their own.)
    /// </summary>
    private async Task<string> CleanUpAsync((int IdempotencyAnswers, int EmptyRows, int UnlistedPages, int EndedReservations) expected)
    {
        await ExecuteAsync("""
            UPDATE orleansstorage SET modifiedon = '2020-01-01T00:00:00.000Z'
            WHERE serviceid = @service AND (grainidextensionstring IN (@pair, @scarce, @old) OR grainidextensionstring LIKE @reservations)
            """);
        var deleted = await janitor.CleanUpAsync(CancellationToken.None);
        Assert.Equal(expected, (deleted.IdempotencyAnswers, deleted.EmptyRows, deleted.UnlistedPages, deleted.EndedReservations));
        return string.Join(", ", (await CountRowsAsync()).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));
    }

    private IStockGrain Stock(StockKey key) => grains.GetGrain<IStockGrain>(key.ToString());

    private GrainId StockGrain(StockKey key) => Stock(key).GetGrainId();

    private IReservationGrain Reservation(int i) => grains.GetGrain<IReservationGrain>($"churn-{_run}-{i}");

    private async Task SeedAsync(StockKey key, long onHand) =>
        Assert.Equal(StockFeedOutcome.Applied, (await Stock(key).SetCountAsync(new StockCount(onHand, 0, clock.GetUtcNow()))).Outcome);

    private static async Task ExpectAsync(ReservationOutcome expected, Task<ReservationReply> call) => Assert.Equal(expected, (await call).Outcome);

    /// <summary>This run's rows by state name, hold pages (named per page) counted as one.</summary>
    private async Task<Dictionary<string, long>> CountRowsAsync()
    {
        await using var connection = connect();
        await connection.OpenAsync();
        await using var command = Command(connection, $"""
            SELECT CASE WHEN graintypestring LIKE '{StockStore.HoldPagePrefix}%' THEN '{Pages}' ELSE graintypestring END, COUNT(*)
            FROM orleansstorage
            WHERE serviceid = @service AND (grainidextensionstring IN (@pair, @scarce, @old) OR grainidextensionstring LIKE @reservations)
            GROUP BY 1
            """);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = connect();
        await connection.OpenAsync();
        await using var command = Command(connection, sql);
        await command.ExecuteNonQueryAsync();
    }

    private DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in new[] { ("@service", serviceId), ("@pair", Pair.ToString()), ("@scarce", Scarce.ToString()), ("@old", Old.ToString()), ("@reservations", $"churn-{_run}-%") })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"Timed out after {Timeout.TotalSeconds:0}s waiting for {what}");
            await Task.Delay(20);
        }
    }
}
