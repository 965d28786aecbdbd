using Inventory.IntegrationTests.Infrastructure;
using Inventory.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inventory.IntegrationTests.Storage;

/// <summary>The stock tables in the embedded default's SQLite file: a file of its own per test.</summary>
public sealed class SqliteStockStorageTests : StockStorageTests, IAsyncLifetime
{
    private readonly TempDirectory _folder = new();

    protected override StorageOptions Database => new() { Provider = StorageProvider.Sqlite, DataDirectory = _folder.Path };

    public Task InitializeAsync() => SqliteSchema.EnsureCreatedAsync(Database.EffectiveConnectionString);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A storage that has not started: its one writer takes everything queued as one batch when it starts.</summary>
    protected override Task<(StockStorage Storage, Func<Task> Release)> HoldWritesAsync(string serviceId)
    {
        var storage = Create(serviceId);
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        storage.Participate(lifecycle);
        return Task.FromResult<(StockStorage, Func<Task>)>((storage, async () =>
        {
            await lifecycle.OnStart();
            await lifecycle.OnStop();
            await storage.DisposeAsync();
        }));
    }

    protected override async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database.EffectiveConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
