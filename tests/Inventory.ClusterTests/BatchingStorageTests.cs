using Inventory.Channels;
using Inventory.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Core;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Inventory.ClusterTests;

/// <summary>The batching PostgreSQL grain storage keeps the per-row guarantees while writing many grains at once.</summary>
[Collection(FailureTests.Name)]
public class BatchingStorageTests
{
    private const string ServiceId = "batching-tests";

    private sealed class Stored<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    /// <summary>A storage as a silo creates it; disposing it stops it (unless its lifecycle did) and closes its connections.</summary>
    private static BatchingPostgresGrainStorage CreateStorage(TestDatabase database)
    {
        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        return new BatchingPostgresGrainStorage("test", new BatchingPostgresGrainStorageOptions
        {
            ConnectionString = database.ConnectionString,
            GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services),
        }, Options.Create(new ClusterOptions { ServiceId = ServiceId }));
    }

    /// <summary>Starts <paramref name="storage"/> as a silo does: through the silo lifecycle it joins; returns that lifecycle.</summary>
    private static async Task<SiloLifecycleSubject> StartAsync(BatchingPostgresGrainStorage storage)
    {
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        storage.Participate(lifecycle);
        await lifecycle.OnStart();
        return lifecycle;
    }

    private static GrainId Grain(string key) => GrainId.Create("test", key);

    [Fact]
    public async Task ConcurrentWritesOfManyGrainsAreAllStoredWithTheirVersionsAndStaleWritesConflict()
    {
        await using var database = await TestDatabase.CreateAsync("batching");
        await using var storage = CreateStorage(database);
        await StartAsync(storage);

        var states = Enumerable.Range(0, 300).Select(i => new Stored<ChannelState> { State = new ChannelState { ParkedTotal = i } }).ToArray();
        await Task.WhenAll(states.Select((s, i) => storage.WriteStateAsync("counter", Grain($"g{i}"), s)));
        await Task.WhenAll(states.Select((s, i) => { s.State.ParkedTotal += 1_000; return storage.WriteStateAsync("counter", Grain($"g{i}"), s); }));

        Assert.All(states, s => Assert.Equal(("2", true), (s.ETag, s.RecordExists)));
        var read = new Stored<ChannelState>();
        await storage.ReadStateAsync("counter", Grain("g42"), read);
        Assert.Equal((1_042L, "2", true), (read.State.ParkedTotal, read.ETag, read.RecordExists));

        var stale = new Stored<ChannelState> { State = new ChannelState { ParkedTotal = -1 }, ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("g42"), stale));
        var duplicateInsert = new Stored<ChannelState> { State = new ChannelState { ParkedTotal = -1 } };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("g7"), duplicateInsert));

        var missing = new Stored<ChannelState>();
        await storage.ReadStateAsync("counter", Grain("never-written"), missing);
        Assert.Equal((null, false), (missing.ETag, missing.RecordExists));
    }

    /// <summary>
    /// A permanently hot pair writes its row hundreds of times a second: its version must not stop at 2^31 - 1, on
    /// either path (the batching storage, or the ADO.NET provider with <c>BatchWrites=false</c>).
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ARowAtTheLastIntegerVersionIsStillWrittenAndItsVersionGoesPastIt(bool batchWrites)
    {
        await using var database = await TestDatabase.CreateAsync("version");
        await using var silo = await InProcessSilo.StartAsync(database.ConnectionString, batchWrites);
        var storage = silo.GrainStorage;
        await storage.WriteStateAsync("counter", Grain("hot"), new Stored<ChannelState> { State = new ChannelState { ParkedTotal = 1 } });
        await database.ExecuteAsync("UPDATE orleansstorage SET version = 2147483647 WHERE grainidextensionstring = 'hot'");

        var state = new Stored<ChannelState>();
        await storage.ReadStateAsync("counter", Grain("hot"), state);
        var etagAtTheLastInteger = state.ETag;
        state.State.ParkedTotal = 2;
        await storage.WriteStateAsync("counter", Grain("hot"), state);
        state.State.ParkedTotal = 3;
        await storage.WriteStateAsync("counter", Grain("hot"), state);

        Assert.Equal([2_147_483_649L], await database.ReadNumbersAsync("SELECT version FROM orleansstorage WHERE grainidextensionstring = 'hot'"));
        var again = new Stored<ChannelState>();
        await storage.ReadStateAsync("counter", Grain("hot"), again);
        Assert.Equal((3L, state.ETag, true), (again.State.ParkedTotal, again.ETag, again.RecordExists));
        var stale = new Stored<ChannelState> { State = new ChannelState { ParkedTotal = -1 }, ETag = etagAtTheLastInteger };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", Grain("hot"), stale));
    }

    /// <summary>
    /// A cleared state (a dropped hold page, an expired Idempotency-Key answer) leaves no row behind on either path,
    /// and a clear against a version that moved on fails like a stale write.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ClearingAStateDeletesItsRowAndAStaleClearConflicts(bool batchWrites)
    {
        await using var database = await TestDatabase.CreateAsync("clear");
        await using var silo = await InProcessSilo.StartAsync(database.ConnectionString, batchWrites);
        var storage = silo.GrainStorage;
        var cleared = new Stored<ChannelState> { State = new ChannelState { ParkedTotal = 1 } };
        var kept = new Stored<ChannelState> { State = new ChannelState { ParkedTotal = 2 } };
        await storage.WriteStateAsync("counter", Grain("cleared"), cleared);
        await storage.WriteStateAsync("counter", Grain("kept"), kept);

        await storage.ClearStateAsync("counter", Grain("cleared"), cleared);
        var stale = new Stored<ChannelState> { State = new ChannelState(), ETag = "7", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("counter", Grain("kept"), stale));

        Assert.Equal((null, false, 0L), (cleared.ETag, cleared.RecordExists, cleared.State.ParkedTotal));
        Assert.Equal([1L], await database.ReadNumbersAsync("SELECT COUNT(*) FROM orleansstorage"));
        var read = new Stored<ChannelState>();
        await storage.ReadStateAsync("counter", Grain("cleared"), read);
        Assert.Equal((null, false), (read.ETag, read.RecordExists));
        cleared.State.ParkedTotal = 3;
        await storage.WriteStateAsync("counter", Grain("cleared"), cleared);
        Assert.Equal("1", cleared.ETag);
    }

    /// <summary>
    /// One row the database refuses (here a trigger of this test's database; in production e.g. a payload over a
    /// limit) must not fail the other grains whose writes went out in the same statement: they are stored, once
    /// each, and only the refused write fails.
    /// </summary>
    [Fact]
    public async Task AWriteTheDatabaseRefusesFailsOnlyItsOwnWriterAndTheRestOfItsBatchIsStoredOnce()
    {
        await using var database = await TestDatabase.CreateAsync("isolation");
        await database.ExecuteAsync("""
            CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.grainidextensionstring = 'poison' THEN RAISE EXCEPTION 'poison refused'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON orleansstorage FOR EACH ROW EXECUTE FUNCTION refuse_poison();
            """);
        await using var storage = CreateStorage(database);
        await StartAsync(storage);

        // Everything written while the flushers wait goes out as one statement once the lock is released.
        await using (var flushersWait = await FlushersOnALock.HoldAsync(database, storage))
        {
            var keys = Enumerable.Range(0, 100).Select(i => i == 50 ? "poison" : $"g{i}").ToList();
            var writes = keys.Select(key => Write(storage, key)).ToList();
            await flushersWait.ReleaseAsync();
            await Task.WhenAll(flushersWait.Blockers);

            var refused = await Assert.ThrowsAsync<PostgresException>(() => writes[50]);
            Assert.Equal("poison refused", refused.MessageText);
            var failed = new List<string>();
            foreach (var (key, write) in keys.Zip(writes).Where(w => w.First != "poison"))
            {
                try
                {
                    await write;
                }
                catch (Exception e)
                {
                    failed.Add($"{key}: {e.Message}");
                }
            }

            Assert.True(failed.Count == 0, $"{failed.Count} writes batched with the refused one failed too, e.g. {string.Join("; ", failed.Take(3))}");
        }

        Assert.Equal([99L + BatchingPostgresGrainStorage.Flushers, 1L, 1L],
            await database.ReadNumbersAsync("SELECT COUNT(*) FROM orleansstorage UNION ALL SELECT MIN(version) FROM orleansstorage UNION ALL SELECT MAX(version) FROM orleansstorage"));
    }

    /// <summary>
    /// A silo stops its storage once its grains are deactivated: the writes the storage accepted before are committed
    /// before the stop completes, and a write that comes later is refused, never queued where nothing would write it.
    /// </summary>
    [Fact]
    public async Task WritesAcceptedBeforeTheSiloStopsAreCommittedBeforeItsStorageStopsAndLaterOnesAreRefused()
    {
        await using var database = await TestDatabase.CreateAsync("stop");
        await using var storage = CreateStorage(database);
        var lifecycle = await StartAsync(storage);
        await using var flushersWait = await FlushersOnALock.HoldAsync(database, storage);
        var writes = Enumerable.Range(0, 100).Select(i => Write(storage, $"g{i}")).ToList();

        var stopping = lifecycle.OnStop();
        var late = await Assert.ThrowsAsync<InvalidOperationException>(() => Write(storage, "late"));
        Assert.False(stopping.IsCompleted, "the storage stopped while writes it had accepted were still waiting");
        await flushersWait.ReleaseAsync();
        await StoppedAsync(stopping);

        Assert.Equal([100L + BatchingPostgresGrainStorage.Flushers], await database.ReadNumbersAsync("SELECT COUNT(*) FROM orleansstorage"));
        await Task.WhenAll(flushersWait.Blockers.Concat(writes));
        Assert.Equal("Grain storage is shutting down.", late.Message);
    }

    /// <summary>
    /// A stop that runs out of time (the silo's shutdown timeout) leaves no write waiting for an answer that never
    /// comes: the statements under way are cancelled, and every write not committed fails; none is stored afterwards.
    /// </summary>
    [Fact]
    public async Task AStopThatRunsOutOfTimeFailsEveryWriteItCouldNotCommit()
    {
        await using var database = await TestDatabase.CreateAsync("stoplate");
        await using var storage = CreateStorage(database);
        var lifecycle = await StartAsync(storage);
        await using var flushersWait = await FlushersOnALock.HoldAsync(database, storage);
        var writes = Enumerable.Range(0, 100).Select(i => Write(storage, $"g{i}")).ToList();

        using var timeUp = new CancellationTokenSource();
        var stopping = lifecycle.OnStop(timeUp.Token);
        await timeUp.CancelAsync();
        await StoppedAsync(stopping);

        foreach (var write in flushersWait.Blockers.Concat(writes))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        }

        await flushersWait.ReleaseAsync();
        Assert.Equal([0L], await database.ReadNumbersAsync("SELECT COUNT(*) FROM orleansstorage"));
    }

    private static async Task StoppedAsync(Task stopping)
    {
        try
        {
            await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail("Timed out waiting for the storage to stop");
        }
    }

    private static Task Write(BatchingPostgresGrainStorage storage, string key) =>
        storage.WriteStateAsync("counter", Grain(key), new Stored<ChannelState> { State = new ChannelState() });

    /// <summary>
    /// A table lock that holds every flusher of a storage, each with a write of its own (<see cref="Blockers"/>), so
    /// that everything written next waits in the queue until <see cref="ReleaseAsync"/>.
    /// </summary>
    private sealed class FlushersOnALock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public List<Task> Blockers { get; } = [];

        public static async Task<FlushersOnALock> HoldAsync(TestDatabase database, BatchingPostgresGrainStorage storage)
        {
            var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            var transaction = await connection.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE orleansstorage IN EXCLUSIVE MODE", connection, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            var held = new FlushersOnALock(connection, transaction);

            for (var i = 1; i <= BatchingPostgresGrainStorage.Flushers; i++)
            {
                held.Blockers.Add(Write(storage, $"blocker{i}"));
                await WaitForLockWaitersAsync(database, i);
            }

            return held;
        }

        public Task ReleaseAsync() => transaction.CommitAsync();

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    private static async Task WaitForLockWaitersAsync(TestDatabase database, int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await database.ReadNumbersAsync("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))[0] < count)
        {
            Assert.False(deadline.IsCancellationRequested, $"Timed out waiting for {count} writes to wait on the table lock");
            await Task.Delay(10);
        }
    }
}
