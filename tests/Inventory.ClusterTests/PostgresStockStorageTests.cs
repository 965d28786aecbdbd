using System.Diagnostics;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Inventory.ClusterTests;

/// <summary>The stock tables on PostgreSQL: a database of their own per test.</summary>
[Collection(FailureTests.Name)]
public sealed class PostgresStockStorageTests : StockStorageTests, IAsyncLifetime
{
    private TestDatabase _database = null!;

    protected override StorageOptions Database => new() { Provider = StorageProvider.PostgreSQL, ConnectionString = _database.ConnectionString };

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("stock");

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>
    /// A table lock holds every flusher of the storage, each with a write of its own; everything written meanwhile goes
    /// out as one statement once the lock is released.
    /// </summary>
    protected override async Task<(StockStorage Storage, Func<Task> Release)> HoldWritesAsync(string serviceId)
    {
        var running = await StartAsync(serviceId);
        var locker = new NpgsqlConnection(_database.ConnectionString);
        await locker.OpenAsync();
        var lockHeld = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE inventory_stock IN EXCLUSIVE MODE", locker, lockHeld))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var blockers = new List<Task<long>>();
        for (var i = 1; i <= PostgresStockStorage.Flushers; i++)
        {
            blockers.Add(running.Storage.WriteAsync(new StockKey("WH-STORE", $"BLOCKER-{i}"), new StoredStockWrite(null, new StockState { Version = 1 },
                new Dictionary<string, HoldPageState>(), [], [], [], [], new Dictionary<string, ClosedReservation>())));
            await WaitForLockWaitersAsync(i);
        }

        return (running.Storage, async () =>
        {
            await lockHeld.CommitAsync();
            await lockHeld.DisposeAsync();
            await locker.DisposeAsync();
            await Task.WhenAll(blockers);
            await running.DisposeAsync();
        });
    }

    protected override Task ExecuteAsync(string sql) => _database.ExecuteAsync(sql);

    /// <summary>
    /// The database stops between a pair's decision and its write: the caller fails, nothing of the write is stored (no
    /// movement either), and once the database is back the pair goes on from what is stored.
    /// </summary>
    [Fact]
    public async Task AWriteWhileTheDatabaseIsDownStoresNothingAndThePairGoesOnFromWhatIsStored()
    {
        await using var silo = await InProcessSilo.StartAsync(_database.ConnectionString, batchWrites: true);
        var key = new StockKey("WH-DOWN", "SKU-1");
        var stock = silo.Grains.GetGrain<IStockGrain>(key.ToString());
        Assert.Equal(StockFeedOutcome.Applied, (await stock.SetCountAsync(new StockCount(10, 0, DateTimeOffset.UtcNow))).Outcome);
        var before = await stock.GetSnapshotAsync();

        try
        {
            await TestServers.StopPostgresAsync();
            await Assert.ThrowsAsync<InventoryUnavailableException>(() => stock.ReceiveAsync(new StockReceipt(5, "receipt-1")));
        }
        finally
        {
            await TestServers.StartPostgresAsync();
        }

        var storage = silo.Services.GetRequiredService<IStockStorage>();
        Assert.DoesNotContain((await storage.ReadMovementsAsync(key, new StockMovementQuery(null, null, 10, false))).Items, m => m.Reference == "receipt-1");
        Assert.Equal(before, await stock.GetSnapshotAsync());
        Assert.Equal(StockFeedOutcome.Applied, (await stock.ReceiveAsync(new StockReceipt(5, "receipt-1"))).Outcome);
        Assert.Equal(15L, (await stock.GetSnapshotAsync()).OnHand);
    }

    /// <summary><c>Inventory.Silo verify</c> as ops run it: one line per broken pair, a summary, exit 1; exit 0 once repaired.</summary>
    [Fact]
    public async Task TheVerifyCommandNamesEachBrokenPairAndExitsOneThenZeroOnceItIsRepaired()
    {
        await using (var running = await StartAsync("verify-service"))
        {
            foreach (var sku in new[] { "GOOD", "BAD" })
            {
                await running.Storage.WriteAsync(new StockKey("WH-V", sku), new StoredStockWrite(null, new StockState { Version = 1, OnHand = 4 },
                    new Dictionary<string, HoldPageState>(), [],
                    [new StockMovement { Sequence = 1, Kind = StockMovementKind.Count, Delta = new(4, 0, 0, 0), After = new(4, 0, 0, 0), OccurredAt = DateTimeOffset.UnixEpoch, RecordedAt = DateTimeOffset.UnixEpoch }],
                    [], [], new Dictionary<string, ClosedReservation>()));
            }
        }

        await _database.ExecuteAsync("UPDATE inventory_stock SET on_hand = 5 WHERE sku = 'BAD'");
        var (broken, brokenOutput) = await VerifyAsync();
        await _database.ExecuteAsync("UPDATE inventory_stock SET on_hand = 4 WHERE sku = 'BAD'");
        var (repaired, repairedOutput) = await VerifyAsync();

        Assert.Equal((1,
            "broken: WH-V/BAD: the movements end at onHand 4, committed 0, damaged 0, safetyStock 0, but the pair stores onHand 5, committed 0, damaged 0, safetyStock 0\n" +
            "Checked the movements of 2 pairs (PostgreSQL, service 'verify-service'): 1 broken.\n"), (broken, brokenOutput));
        Assert.Equal((0, "Checked the movements of 2 pairs (PostgreSQL, service 'verify-service'): 0 broken.\n"), (repaired, repairedOutput));
    }

    private Task<(int ExitCode, string Output)> VerifyAsync() => LedgerChecks.VerifyAsync(_database.ConnectionString, "verify-service");

    private async Task WaitForLockWaitersAsync(int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await _database.ReadNumbersAsync("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))[0] < count)
        {
            Assert.False(deadline.IsCancellationRequested, $"Timed out waiting for {count} writes to wait on the table lock");
            await Task.Delay(10);
        }
    }
}
