using Inventory.Channels;
using Inventory.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
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

    private static BatchingPostgresGrainStorage CreateStorage(TestDatabase database)
    {
        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
        return new BatchingPostgresGrainStorage(
            Options.Create(new StorageOptions { Provider = StorageProvider.PostgreSQL, ConnectionString = database.ConnectionString }),
            Options.Create(new ClusterOptions { ServiceId = ServiceId }),
            serializer);
    }

    private static GrainId Grain(string key) => GrainId.Create("test", key);

    [Fact]
    public async Task ConcurrentWritesOfManyGrainsAreAllStoredWithTheirVersionsAndStaleWritesConflict()
    {
        await using var database = await TestDatabase.CreateAsync("batching");
        await using var storage = CreateStorage(database);

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

        // Hold every flusher on a table lock, each with a write of its own, so that everything written next waits in
        // the queue and goes out as one statement once the lock is released.
        var blockers = new List<Task>();
        await using (var locker = new NpgsqlConnection(database.ConnectionString))
        {
            await locker.OpenAsync();
            await using var transaction = await locker.BeginTransactionAsync();
            await using (var lockTable = new NpgsqlCommand("LOCK TABLE orleansstorage IN EXCLUSIVE MODE", locker, transaction))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            for (var i = 1; i <= BatchingPostgresGrainStorage.Flushers; i++)
            {
                blockers.Add(storage.WriteStateAsync("counter", Grain($"blocker{i}"), new Stored<ChannelState> { State = new ChannelState() }));
                await WaitForLockWaitersAsync(database, i);
            }

            var keys = Enumerable.Range(0, 100).Select(i => i == 50 ? "poison" : $"g{i}").ToList();
            var writes = keys.Select(key => storage.WriteStateAsync("counter", Grain(key), new Stored<ChannelState> { State = new ChannelState() })).ToList();
            await transaction.CommitAsync();
            await Task.WhenAll(blockers);

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
