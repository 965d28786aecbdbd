using Inventory.IntegrationTests.Infrastructure;
using Inventory.Silo.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Inventory.IntegrationTests.Storage;

/// <summary>The stock tables in the embedded default's SQLite file: a file of its own per test.</summary>
public sealed class SqliteStockStorageTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();

    private StorageOptions Database => new() { Provider = StorageProvider.Sqlite, DataDirectory = _folder.Path };

    private StockStorageChecks Checks => new(Database);

    public Task InitializeAsync() => SqliteSchema.EnsureCreatedAsync(Database.EffectiveConnectionString);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public Task ARowItsPagesMovementsAndIndexRowsComeBackAsWritten() => Checks.ARowItsPagesMovementsAndIndexRowsComeBackAsWrittenAsync();

    [Fact]
    public Task MovementsArePagedOldestFirstAfterASequenceAndNewestFirstBeforeOne() =>
        Checks.MovementsArePagedOldestFirstAfterASequenceAndNewestFirstBeforeOneAsync();

    [Fact]
    public Task MovementsPastTheirRetentionAndEndedReservationsPastTheirKeepUntilAreDeleted() =>
        Checks.MovementsPastTheirRetentionAndEndedReservationsPastTheirKeepUntilAreDeletedAsync();

    /// <summary>
    /// The writes are queued on a storage that has not started yet; its one writer takes them all as one batch (one
    /// transaction) when it starts.
    /// </summary>
    [Fact]
    public async Task AConflictingAndARefusedWriteStoreNothingAndFailAloneWhileTheirBatchCommits()
    {
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        StockStorage? held = null;
        try
        {
            await Checks.AConflictingAndARefusedWriteStoreNothingAndFailAloneWhileTheirBatchCommitsAsync(service =>
            {
                held = Checks.Create(service);
                held.Participate(lifecycle);
                return Task.FromResult<(StockStorage, Func<Task>)>((held, () => lifecycle.OnStart()));
            });
        }
        finally
        {
            await lifecycle.OnStop();
            await held!.DisposeAsync();
        }
    }

    [Fact]
    public Task TheLedgerCheckFindsNothingWrongInACorrectStoreAndNamesEachPairBrokenOnPurpose() =>
        Checks.TheLedgerCheckFindsNothingWrongInACorrectStoreAndNamesEachPairBrokenOnPurposeAsync(async sql =>
        {
            await using var connection = new SqliteConnection(Database.EffectiveConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        });
}
