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
    private sealed class Stored<T> : IGrainState<T>
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = default!;
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    private static async Task<(BatchingPostgresGrainStorage Storage, string Database)> CreateAsync()
    {
        var database = $"batching_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(TestServers.PostgresForTests))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgresForTests) { Database = database }.ConnectionString;
        await PostgresSchema.MigrateAsync(connectionString);
        var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var serializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
        var storage = new BatchingPostgresGrainStorage(
            Options.Create(new StorageOptions { Provider = StorageProvider.PostgreSQL, ConnectionString = connectionString }),
            Options.Create(new ClusterOptions { ServiceId = "batching-tests" }),
            serializer);
        return (storage, database);
    }

    private static async Task DropAsync(string database)
    {
        await using var admin = new NpgsqlConnection(TestServers.PostgresForTests);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE {database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static GrainId Grain(string key) => GrainId.Create("test", key);

    [Fact]
    public async Task ConcurrentWritesOfManyGrainsAreAllStoredWithTheirVersionsAndStaleWritesConflict()
    {
        var (storage, database) = await CreateAsync();
        try
        {
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

            await storage.ClearStateAsync("counter", Grain("g42"), read);
            var cleared = new Stored<ChannelState>();
            await storage.ReadStateAsync("counter", Grain("g42"), cleared);
            Assert.Equal((0L, "3", false), (cleared.State.ParkedTotal, cleared.ETag, cleared.RecordExists));
            var missing = new Stored<ChannelState>();
            await storage.ReadStateAsync("counter", Grain("never-written"), missing);
            Assert.Equal((null, false), (missing.ETag, missing.RecordExists));
        }
        finally
        {
            await storage.DisposeAsync();
            await DropAsync(database);
        }
    }
}
