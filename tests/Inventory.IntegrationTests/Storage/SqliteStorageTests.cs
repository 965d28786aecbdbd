using Inventory.Channels;
using Inventory.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Inventory.IntegrationTests.Storage;

/// <summary>The embedded default's grain storage: Orleans' ADO.NET provider on the SQLite file, with the project's schema.</summary>
[Collection(FakeClockCollection.Name)]
public class SqliteStorageTests(FakeClockClusterFixture fixture)
{
    private IGrainStorage Storage =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(InventoryNames.GrainStorage);

    private string Database => $"Data Source={Path.Combine(fixture.DataDirectory, "inventory.db")}";

    /// <summary>SQLite's INTEGER is 64-bit, but the provider keeps versions in 32-bit ETags: a hot row must get past 2^31 - 1.</summary>
    [Fact]
    public async Task ARowAtTheLastIntegerVersionIsStillWrittenAndItsVersionGoesPastIt()
    {
        var grain = GrainId.Create("test", $"hot-{Guid.NewGuid():N}");
        await Storage.WriteStateAsync("counter", grain, new GrainState<ChannelState>(new ChannelState { ParkedTotal = 1 }));
        Assert.Equal(1, await ExecuteAsync($"UPDATE OrleansStorage SET Version = 2147483647 WHERE GrainIdExtensionString = '{grain.Key}'"));

        var state = new GrainState<ChannelState>(new ChannelState());
        await Storage.ReadStateAsync("counter", grain, state);
        var etagAtTheLastInteger = state.ETag;
        state.State!.ParkedTotal = 2;
        await Storage.WriteStateAsync("counter", grain, state);
        state.State!.ParkedTotal = 3;
        await Storage.WriteStateAsync("counter", grain, state);

        Assert.Equal(2_147_483_649L, await ScalarAsync($"SELECT Version FROM OrleansStorage WHERE GrainIdExtensionString = '{grain.Key}'"));
        var again = new GrainState<ChannelState>(new ChannelState());
        await Storage.ReadStateAsync("counter", grain, again);
        Assert.Equal((3L, state.ETag, true), (again.State!.ParkedTotal, again.ETag, again.RecordExists));
        var stale = new GrainState<ChannelState>(new ChannelState { ParkedTotal = -1 }, etagAtTheLastInteger);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("counter", grain, stale));
    }

    /// <summary>A cleared state leaves no row behind, and a clear against a version that moved on fails.</summary>
    [Fact]
    public async Task ClearingAStateDeletesItsRowAndAStaleClearConflicts()
    {
        var cleared = GrainId.Create("test", $"cleared-{Guid.NewGuid():N}");
        var kept = GrainId.Create("test", $"kept-{Guid.NewGuid():N}");
        var state = new GrainState<ChannelState>(new ChannelState { ParkedTotal = 1 });
        await Storage.WriteStateAsync("counter", cleared, state);
        await Storage.WriteStateAsync("counter", kept, new GrainState<ChannelState>(new ChannelState { ParkedTotal = 2 }));

        await Storage.ClearStateAsync("counter", cleared, state);
        var stale = new GrainState<ChannelState>(new ChannelState(), "7") { RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("counter", kept, stale));

        Assert.Equal((null, false), (state.ETag, state.RecordExists));
        Assert.Equal(1L, await ScalarAsync($"SELECT COUNT(*) FROM OrleansStorage WHERE GrainIdExtensionString IN ('{cleared.Key}', '{kept.Key}')"));
        state.State = new ChannelState { ParkedTotal = 3 };
        await Storage.WriteStateAsync("counter", cleared, state);
        Assert.Equal("1", state.ETag);
    }

    private async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
