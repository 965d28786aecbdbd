using System.Data.Common;
using System.Globalization;
using Inventory.Stock;
using Microsoft.Data.Sqlite;
using Orleans.Serialization;
using Orleans.Storage;

namespace Inventory.Silo.Storage;

/// <summary>
/// The stock tables in the embedded default's SQLite file. Writes of all pairs queue up and one writer stores each
/// batch in one transaction (one commit, one fsync: WAL with <c>synchronous=FULL</c>), each pair inside a savepoint of
/// its own: a pair whose version moved on, or whose data SQLite refuses, is rolled back to its savepoint and fails
/// alone, and the rest of the batch commits. Microsoft.Data.Sqlite is synchronous (its async methods block), so the
/// writer, the reads and the queries all run on the thread pool, never on the grains' scheduler.
/// </summary>
public sealed class SqliteStockStorage : StockStorage
{
    private const int MaxBatch = 256;

    private static readonly string InsertRow = $"""
        INSERT INTO inventory_stock (service, location, sku, row_version, {StockColumns.Names(StockColumns.Row)})
        VALUES (@service, @location, @sku, 1, {StockColumns.Names(StockColumns.Row, "@")})
        ON CONFLICT (service, location, sku) DO NOTHING
        """;

    private static readonly string UpdateRow = $"""
        UPDATE inventory_stock SET row_version = row_version + 1, {string.Join(", ", StockColumns.Row.Select(c => c.KeepStoredWhenNull
            ? $"{c.Name} = COALESCE(@{c.Name}, {c.Name})" : $"{c.Name} = @{c.Name}"))}
        WHERE service = @service AND location = @location AND sku = @sku AND row_version = @expected
        """;

    private static readonly string InsertPage = Insert("inventory_stock_pages", StockColumns.Page, "");

    private static readonly string InsertMovement = Insert("inventory_stock_movements", StockColumns.Movement, "");

    private static readonly string UpsertOrder = Insert("inventory_stock_orders", StockColumns.Order,
        "ON CONFLICT (service, location, sku, reservation_id) DO UPDATE SET quantity = excluded.quantity, hold = excluded.hold, committed_at = excluded.committed_at");

    private static readonly string UpsertClosed = Insert("inventory_stock_closed", StockColumns.Closed,
        "ON CONFLICT (service, location, sku, reservation_id) DO UPDATE SET how = excluded.how, closed_at = excluded.closed_at, keep_until = excluded.keep_until");

    private const string DeletePage =
        "DELETE FROM inventory_stock_pages WHERE service = @service AND location = @location AND sku = @sku AND page = @page";

    private const string DeleteOrder =
        "DELETE FROM inventory_stock_orders WHERE service = @service AND location = @location AND sku = @sku AND reservation_id = @reservation_id";

    private const string DeleteLegacyRow = $"""
        DELETE FROM OrleansStorage WHERE ServiceId = @service AND GrainTypeString = '{StockStore.StateName}'
        AND GrainIdN0 = 0 AND GrainIdN1 = 0 AND GrainIdExtensionString = @legacy_key
        """;

    private readonly string _connectionString;
    private readonly StorageBatches<EncodedStockWrite> _writes;

    public SqliteStockStorage(string connectionString, string serviceId, Serializer serializer, StockOptions options)
        : base(serviceId, serializer, options)
    {
        _connectionString = connectionString;
        // SQLite has one writer: one loop. One write per pair in a transaction; a second waits for the next.
        _writes = new("Stock storage", "write stock batch", 1, MaxBatch, write => write.Key, WriteBatchAsync);
    }

    public override void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteStockStorage), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);

    public override async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _writes.Dispose();
    }

    private protected override void Enqueue(EncodedStockWrite write) => _writes.Enqueue(write);

    private protected override Task<EncodedStoredRow?> ReadRowAsync(StockKey key, CancellationToken cancellationToken) =>
        RunAsync(() => Task.FromResult(ReadRow(key)));

    private protected override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    private protected override object TimeValue(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(ordinal) * TimeSpan.TicksPerMicrosecond);

    private protected override Task<T> RunAsync<T>(Func<Task<T>> work) => Task.Run(work);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _writes.Start();
        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken cancellationToken) => _writes.StopAsync(cancellationToken);

    /// <summary>The row and its pages in one read transaction: one snapshot, as WAL gives it.</summary>
    private EncodedStoredRow? ReadRow(StockKey key)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var row = PairCommand(connection, transaction, key, "SELECT row_version, state FROM inventory_stock WHERE service = @service AND location = @location AND sku = @sku");
        using var reader = row.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var (version, state) = (reader.GetInt64(0), (byte[])reader[1]);
        using var pages = PairCommand(connection, transaction, key, "SELECT page, holds FROM inventory_stock_pages WHERE service = @service AND location = @location AND sku = @sku");
        using var pageReader = pages.ExecuteReader();
        var found = new List<EncodedPage>();
        while (pageReader.Read())
        {
            found.Add(new EncodedPage(pageReader.GetString(0), (byte[])pageReader[1]));
        }

        return new EncodedStoredRow(version, state, found);
    }

    /// <summary>
    /// Stores the batch in one transaction, each pair within a savepoint, and answers each writer once it committed.
    /// The loop runs on the thread pool, so blocking here blocks no grain.
    /// </summary>
    private Task WriteBatchAsync(IReadOnlyList<EncodedStockWrite> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var answers = new List<Action>(batch.Count);
        using (var connection = new SqliteConnection(_connectionString))
        {
            connection.Open();
            using (var synchronous = connection.CreateCommand())
            {
                // An acknowledged write must survive a power loss, not just a crash of the process.
                synchronous.CommandText = "PRAGMA synchronous = FULL";
                synchronous.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var write in batch)
            {
                transaction.Save("pair");
                try
                {
                    var version = WritePair(connection, transaction, write);
                    if (version is { } stored)
                    {
                        answers.Add(() => write.Done.TrySetResult(stored));
                    }
                    else
                    {
                        transaction.Rollback("pair");
                        var expected = write.Expected?.ToString(CultureInfo.InvariantCulture);
                        answers.Add(() => write.Done.TrySetException(new InconsistentStateException(
                            $"Version conflict writing stock {write.Key}: the stored row's version is not {expected ?? "absent"}.",
                            storedEtag: "unknown", currentEtag: expected ?? "")));
                    }
                }
                catch (SqliteException e) when (IsAboutTheRow(e))
                {
                    transaction.Rollback("pair");
                    answers.Add(() => write.Done.TrySetException(e));
                }

                transaction.Release("pair");
            }

            transaction.Commit();
        }

        answers.ForEach(answer => answer());
        return Task.CompletedTask;
    }

    /// <summary>Writes one pair; returns its row's new version, or null (and writes nothing) on a version conflict.</summary>
    private long? WritePair(SqliteConnection connection, SqliteTransaction transaction, EncodedStockWrite write)
    {
        var first = write.Expected is null;
        using (var row = PairCommand(connection, transaction, write.Key, first ? InsertRow : UpdateRow))
        {
            Bind(row, StockColumns.Row, write.Row);
            if (!first)
            {
                row.Parameters.AddWithValue("@expected", write.Expected);
            }

            if (row.ExecuteNonQuery() == 0)
            {
                return null;
            }
        }

        ExecuteEach(connection, transaction, write.Key, InsertPage, StockColumns.Page, write.Pages);
        ExecuteEach(connection, transaction, write.Key, DeletePage, write.DroppedPages, "@page");
        ExecuteEach(connection, transaction, write.Key, InsertMovement, StockColumns.Movement, write.Movements);
        ExecuteEach(connection, transaction, write.Key, UpsertOrder, StockColumns.Order, write.OpenedOrders);
        ExecuteEach(connection, transaction, write.Key, DeleteOrder, write.EndedOrders, "@reservation_id");
        ExecuteEach(connection, transaction, write.Key, UpsertClosed, StockColumns.Closed, write.Closed);
        if (first)
        {
            ExecuteEach(connection, transaction, write.Key, DeleteLegacyRow, [write.LegacyKey], "@legacy_key");
        }

        return first ? 1 : write.Expected + 1;
    }

    private void ExecuteEach<T>(SqliteConnection connection, SqliteTransaction transaction, StockKey key, string sql, StockColumn<T>[] columns, IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            using var command = PairCommand(connection, transaction, key, sql);
            Bind(command, columns, item);
            command.ExecuteNonQuery();
        }
    }

    private void ExecuteEach(SqliteConnection connection, SqliteTransaction transaction, StockKey key, string sql, IEnumerable<string> values, string parameter)
    {
        foreach (var value in values)
        {
            using var command = PairCommand(connection, transaction, key, sql);
            command.Parameters.AddWithValue(parameter, value);
            command.ExecuteNonQuery();
        }
    }

    private void Bind<T>(SqliteCommand command, StockColumn<T>[] columns, T item)
    {
        foreach (var column in columns)
        {
            command.Parameters.AddWithValue("@" + column.Name, Value(column.Type, column.Value(item)) ?? DBNull.Value);
        }
    }

    private SqliteCommand PairCommand(SqliteConnection connection, SqliteTransaction transaction, StockKey key, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("@service", ServiceId);
        command.Parameters.AddWithValue("@location", key.Location);
        command.Parameters.AddWithValue("@sku", key.Sku);
        return command;
    }

    private static string Insert<T>(string table, StockColumn<T>[] columns, string onConflict) => $"""
        INSERT INTO {table} (service, location, sku, {StockColumns.Names(columns)})
        VALUES (@service, @location, @sku, {StockColumns.Names(columns, "@")}) {onConflict}
        """;

    /// <summary>A constraint, a value too big or of the wrong type: about this pair's data, not the database.</summary>
    private static bool IsAboutTheRow(SqliteException e) => e.SqliteErrorCode is 18 or 19 or 20;
}
