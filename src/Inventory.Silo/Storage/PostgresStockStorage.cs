using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Inventory.Stock;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;
using Orleans.Storage;

namespace Inventory.Silo.Storage;

/// <summary>
/// The stock tables on PostgreSQL. Writes of all pairs on a silo queue up and go out as one statement (one round trip,
/// one commit) per batch while the previous batch commits: group commit across pairs, on top of each pair's own. The
/// statement is a data-modifying CTE: each pair's row is inserted (a pair with no row yet) or updated at its expected
/// version, and its pages, dropped pages, movements, orders and ended reservations are written only for the rows that
/// were, so a pair whose version moved on stores nothing and fails alone with <see cref="InconsistentStateException"/>.
/// A pair whose data the database refuses fails alone too (the batch is split until it is alone). A pair's first row
/// deletes its row in <c>orleansstorage</c> from before these tables, in the same statement. Reads of the pairs that
/// activate at the same moment are batched the same way, row and pages in one statement (one snapshot).
/// Writes are always batched: a batch of one costs what an unbatched write would (<c>BatchWrites</c> is about grain
/// storage only). Joins the silo lifecycle like <see cref="BatchingPostgresGrainStorage"/>.
/// </summary>
public sealed class PostgresStockStorage : StockStorage
{
    internal const int Flushers = 4;
    private const int Readers = 2;

    // Pairs per statement: each may carry pages and movements, so fewer than the grain storage's rows.
    private const int MaxBatch = 256;

    private const string ReadSql = """
        WITH input AS (SELECT * FROM unnest(@locations::varchar[], @skus::varchar[]) WITH ORDINALITY AS i(location, sku, n))
        SELECT i.n, s.row_version, s.state, NULL AS page FROM input i
        CROSS JOIN LATERAL (
            SELECT t.row_version, t.state FROM inventory_stock t WHERE t.service = @service AND t.location = i.location AND t.sku = i.sku) s
        UNION ALL
        SELECT i.n, NULL, p.holds, p.page FROM input i
        CROSS JOIN LATERAL (
            SELECT t.page, t.holds FROM inventory_stock_pages t WHERE t.service = @service AND t.location = i.location AND t.sku = i.sku) p
        """;

    // A row is found for its update by its key first and then by row id (see BatchingPostgresGrainStorage's WriteSql for
    // why); a row another writer changed meanwhile fails the re-check of its id, so the update is a conflict.
    private static readonly string WriteSql = $"""
        WITH input AS (
            SELECT * FROM unnest(@locations::varchar[], @skus::varchar[], @expected::bigint[], @legacy_keys::varchar[], {Arrays("row", StockColumns.Row)})
                WITH ORDINALITY AS i(location, sku, expected, legacy_key, {StockColumns.Names(StockColumns.Row)}, n)
        ),
        inserted AS (
            INSERT INTO inventory_stock (service, location, sku, row_version, {StockColumns.Names(StockColumns.Row)})
            SELECT @service, location, sku, 1, {StockColumns.Names(StockColumns.Row)} FROM input WHERE expected IS NULL
            ON CONFLICT (service, location, sku) DO NOTHING
            RETURNING location, sku, row_version
        ),
        updated AS (
            UPDATE inventory_stock s SET row_version = s.row_version + 1, {Updates(StockColumns.Row)}
            FROM (SELECT u.*,
                         (SELECT t.ctid FROM inventory_stock t WHERE t.service = @service AND t.location = u.location AND t.sku = u.sku) AS row
                  FROM input u WHERE u.expected IS NOT NULL) i
            WHERE s.ctid = i.row AND s.row_version = i.expected
            RETURNING s.location, s.sku, s.row_version
        ),
        written AS (
            SELECT i.n, i.location, i.sku, i.expected, i.legacy_key, w.row_version
            FROM (SELECT * FROM inserted UNION ALL SELECT * FROM updated) w JOIN input i ON i.location = w.location AND i.sku = w.sku
        ),
        pages AS ({Insert("inventory_stock_pages", "page", StockColumns.Page, "")}),
        dropped AS (
            DELETE FROM inventory_stock_pages t
            USING unnest(@dropped_rows::bigint[], @dropped_pages::varchar[]) AS x(n, page) JOIN written w ON w.n = x.n
            WHERE t.service = @service AND t.location = w.location AND t.sku = w.sku AND t.page = x.page
        ),
        movements AS ({Insert("inventory_stock_movements", "movement", StockColumns.Movement, "")}),
        orders AS ({Insert("inventory_stock_orders", "order", StockColumns.Order,
            "ON CONFLICT (service, location, sku, reservation_id) DO UPDATE SET quantity = EXCLUDED.quantity, hold = EXCLUDED.hold, committed_at = EXCLUDED.committed_at")}),
        ended AS (
            DELETE FROM inventory_stock_orders t
            USING unnest(@ended_rows::bigint[], @ended_ids::varchar[]) AS x(n, id) JOIN written w ON w.n = x.n
            WHERE t.service = @service AND t.location = w.location AND t.sku = w.sku AND t.reservation_id = x.id
        ),
        closed AS ({Insert("inventory_stock_closed", "closed", StockColumns.Closed,
            "ON CONFLICT (service, location, sku, reservation_id) DO UPDATE SET how = EXCLUDED.how, closed_at = EXCLUDED.closed_at, keep_until = EXCLUDED.keep_until")}),
        legacy AS (
            DELETE FROM orleansstorage o USING written w
            WHERE w.expected IS NULL AND o.serviceid = @service AND o.graintypestring = '{StockStore.StateName}'
              AND o.grainidn0 = 0 AND o.grainidn1 = 0 AND o.grainidextensionstring = w.legacy_key
        )
        SELECT location, sku, row_version FROM written
        """;

    private readonly PostgresBatches<EncodedStockWrite, PendingRead> _batches;

    public PostgresStockStorage(string connectionString, string serviceId, Serializer serializer, StockOptions options)
        : base(serviceId, serializer, options)
    {
        // Its few statements are prepared once per connection: planning the write, a statement of many parts, took
        // several times as long as running it.
        _batches = new("Stock storage", "stock", new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 16 }, Flushers, Readers, MaxBatch,
            write => write.Key, WriteBatchAsync, ReadBatchAsync);
    }

    public override void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresStockStorage), ServiceLifecycleStage.ApplicationServices, _batches.StartAsync, _batches.StopAsync);

    public override ValueTask DisposeAsync() => _batches.DisposeAsync();

    private protected override void Enqueue(EncodedStockWrite write) => _batches.Write(write);

    private protected override Task<EncodedStoredRow?> ReadRowAsync(StockKey key, CancellationToken cancellationToken)
    {
        var read = new PendingRead(key);
        _batches.Read(read);
        return read.Done.Task.WaitAsync(cancellationToken);
    }

    private protected override DbConnection CreateConnection() => _batches.Database.CreateConnection();

    private protected override object TimeValue(DateTimeOffset value) => value.UtcDateTime;

    private protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>Runs one statement for <paramref name="batch"/> and answers each writer: its row's new version, or a conflict.</summary>
    private async Task WriteBatchAsync(IReadOnlyList<EncodedStockWrite> batch, CancellationToken cancellationToken)
    {
        await using var command = _batches.Database.CreateCommand(WriteSql);
        command.Parameters.AddWithValue("service", ServiceId);
        command.Parameters.Add(Array("locations", StockColumnType.Text, batch.Select(w => (object?)w.Key.Location)));
        command.Parameters.Add(Array("skus", StockColumnType.Text, batch.Select(w => (object?)w.Key.Sku)));
        command.Parameters.Add(Array("expected", StockColumnType.Integer, batch.Select(w => (object?)w.Expected)));
        command.Parameters.Add(Array("legacy_keys", StockColumnType.Text, batch.Select(w => (object?)w.LegacyKey)));
        AddColumns(command, "row", StockColumns.Row, [.. batch.Select((w, i) => (i + 1L, w.Row))]);
        AddChildren(command, "page", StockColumns.Page, Children(batch, w => w.Pages));
        AddChildren(command, "movement", StockColumns.Movement, Children(batch, w => w.Movements));
        AddChildren(command, "order", StockColumns.Order, Children(batch, w => w.OpenedOrders));
        AddChildren(command, "closed", StockColumns.Closed, Children(batch, w => w.Closed));
        var dropped = Children(batch, w => w.DroppedPages);
        command.Parameters.Add(Array("dropped_rows", StockColumnType.Integer, dropped.Select(d => (object?)d.Row)));
        command.Parameters.Add(Array("dropped_pages", StockColumnType.Text, dropped.Select(d => (object?)d.Item)));
        var ended = Children(batch, w => w.EndedOrders);
        command.Parameters.Add(Array("ended_rows", StockColumnType.Integer, ended.Select(e => (object?)e.Row)));
        command.Parameters.Add(Array("ended_ids", StockColumnType.Text, ended.Select(e => (object?)e.Item)));

        var written = new Dictionary<StockKey, long>(batch.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                written[new StockKey(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
            }
        }

        foreach (var write in batch)
        {
            if (written.TryGetValue(write.Key, out var version))
            {
                write.Done.TrySetResult(version);
            }
            else
            {
                var expected = write.Expected?.ToString(CultureInfo.InvariantCulture);
                write.Done.TrySetException(new InconsistentStateException(
                    $"Version conflict writing stock {write.Key}: the stored row's version is not {expected ?? "absent"}.",
                    storedEtag: "unknown", currentEtag: expected ?? ""));
            }
        }
    }

    private async Task ReadBatchAsync(IReadOnlyList<PendingRead> batch, CancellationToken cancellationToken)
    {
        var rows = new (long Version, byte[] State)?[batch.Count];
        var pages = new List<EncodedPage>?[batch.Count];
        await using (var command = _batches.Database.CreateCommand(ReadSql))
        {
            command.Parameters.AddWithValue("service", ServiceId);
            command.Parameters.Add(Array("locations", StockColumnType.Text, batch.Select(r => (object?)r.Key.Location)));
            command.Parameters.Add(Array("skus", StockColumnType.Text, batch.Select(r => (object?)r.Key.Sku)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var at = (int)reader.GetInt64(0) - 1;
                if (reader.IsDBNull(3))
                {
                    rows[at] = (reader.GetInt64(1), (byte[])reader[2]);
                }
                else
                {
                    (pages[at] ??= []).Add(new EncodedPage(reader.GetString(3), (byte[])reader[2]));
                }
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(rows[i] is { } row ? new EncodedStoredRow(row.Version, row.State, pages[i] ?? []) : null);
        }
    }

    /// <summary>Binds one array per column of <paramref name="columns"/>: <c>@{prefix}_{name}</c>.</summary>
    private static void AddColumns<T>(NpgsqlCommand command, string prefix, StockColumn<T>[] columns, IReadOnlyList<(long Row, T Item)> items)
    {
        foreach (var column in columns)
        {
            command.Parameters.Add(Array($"{prefix}_{column.Name}", column.Type, items.Select(i => column.Value(i.Item))));
        }
    }

    /// <summary>Binds the columns of items that belong to rows of the batch, and <c>@{prefix}_rows</c>: the 1-based row of each.</summary>
    private static void AddChildren<T>(NpgsqlCommand command, string prefix, StockColumn<T>[] columns, IReadOnlyList<(long Row, T Item)> items)
    {
        command.Parameters.Add(Array($"{prefix}_rows", StockColumnType.Integer, items.Select(i => (object?)i.Row)));
        AddColumns(command, prefix, columns, items);
    }

    /// <summary>Every child item of the batch's writes, with the 1-based row of its write.</summary>
    private static List<(long Row, T Item)> Children<T>(IReadOnlyList<EncodedStockWrite> batch, Func<EncodedStockWrite, IEnumerable<T>> items) =>
        [.. batch.SelectMany((write, i) => items(write).Select(item => (i + 1L, item)))];

    private static NpgsqlParameter Array(string name, StockColumnType type, IEnumerable<object?> values) => type switch
    {
        StockColumnType.Integer => new(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint)
        {
            Value = values.Select(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray(),
        },
        StockColumnType.Text => new(name, NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = values.Select(v => (string?)v).ToArray() },
        StockColumnType.Time => new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = values.Select(v => v is DateTimeOffset time ? time.UtcDateTime : (DateTime?)null).ToArray(),
        },
        _ => new(name, NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = values.Select(v => (byte[]?)v).ToArray() },
    };

    /// <summary>The arrays of <paramref name="columns"/> as unnest takes them: <c>@{prefix}_{name}::type[]</c>.</summary>
    private static string Arrays<T>(string prefix, StockColumn<T>[] columns) =>
        string.Join(", ", columns.Select(c => $"@{prefix}_{c.Name}::{ArrayType(c.Type)}"));

    private static string Updates<T>(StockColumn<T>[] columns) =>
        string.Join(", ", columns.Select(c => c.KeepStoredWhenNull ? $"{c.Name} = COALESCE(i.{c.Name}, s.{c.Name})" : $"{c.Name} = i.{c.Name}"));

    /// <summary>Inserts the items of <c>@{prefix}_…</c> that belong to a written row.</summary>
    private static string Insert<T>(string table, string prefix, StockColumn<T>[] columns, string onConflict) => $"""
        INSERT INTO {table} (service, location, sku, {StockColumns.Names(columns)})
            SELECT @service, w.location, w.sku, {StockColumns.Names(columns, "x.")}
            FROM unnest(@{prefix}_rows::bigint[], {Arrays(prefix, columns)}) AS x(n, {StockColumns.Names(columns)}) JOIN written w ON w.n = x.n
            {onConflict}
        """;

    private static string ArrayType(StockColumnType type) => type switch
    {
        StockColumnType.Integer => "bigint[]",
        StockColumnType.Text => "varchar[]",
        StockColumnType.Time => "timestamptz[]",
        _ => "bytea[]",
    };

    private sealed record PendingRead(StockKey Key) : IBatchItem
    {
        public TaskCompletionSource<EncodedStoredRow?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public void Fail(Exception exception) => Done.TrySetException(exception);
    }
}
