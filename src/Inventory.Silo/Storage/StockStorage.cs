using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Inventory.Channels;
using Inventory.Diagnostics;
using Inventory.Stock;
using Orleans.Serialization;

namespace Inventory.Silo.Storage;

/// <summary>
/// The stock pairs' own tables, on PostgreSQL (<see cref="PostgresStockStorage"/>) or SQLite
/// (<see cref="SqliteStockStorage"/>): one row per pair in <c>inventory_stock</c> (its quantities as columns, so
/// listings, reconciliation and <c>verify</c> need no deserialization, and the row's binary state as
/// <see cref="HoldPaging"/> lays it out), its sealed hold pages, its append-only movements, its open orders and the
/// reservations that ended there. A pair's write stores all of it or none of it; the providers batch many pairs'
/// writes into one transaction. What both providers share lives here: turning a write into columns (at once, so the
/// caller's state may change right after), decoding, the queries, the catalog and the janitor's deletes.
/// </summary>
public abstract class StockStorage : IStockStorage, IStockCatalog, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    /// <summary>Most rows one page of movements or shortfalls may ask for.</summary>
    public const int MaxPageSize = 500;

    // The janitor deletes in chunks of this many rows: short transactions, and never a long lock on SQLite's one writer.
    private const int DeletesPerStatement = 5_000;

    // Pairs per page of the catalog: no snapshot held open for the whole walk.
    private const int CatalogPage = 1_000;

    private readonly Serializer _serializer;
    private readonly StockOptions _options;

    private protected StockStorage(string serviceId, Serializer serializer, StockOptions options)
    {
        ServiceId = serviceId;
        _serializer = serializer;
        _options = options;
    }

    /// <summary>The service whose pairs this reads and writes (every table is keyed by it first).</summary>
    public string ServiceId { get; }

    public abstract void Participate(ISiloLifecycle lifecycle);

    /// <summary>Stops taking work (settling what was accepted) and closes the connections.</summary>
    public abstract ValueTask DisposeAsync();

    public async Task<StoredStock?> ReadAsync(StockKey key, CancellationToken cancellationToken = default)
    {
        var row = await ReadRowAsync(key, cancellationToken);
        return row is null
            ? null
            : new StoredStock(row.Version, Deserialize<StockState>(row.State),
                row.Pages.ToDictionary(p => p.Name, p => Deserialize<HoldPageState>(p.Holds), StringComparer.Ordinal));
    }

    /// <remarks>
    /// Traced as the pair sees it (<c>write stock</c>: from handing the write over until its batch committed); the batch's
    /// own span links to it.
    /// </remarks>
    public Task<long> WriteAsync(StockKey key, StoredStockWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        cancellationToken.ThrowIfCancellationRequested();
        var span = InventoryTracing.StartHandedOver("write stock");
        span?.SetTag(InventoryTracing.StockKeyTag, key.ToString()).SetTag(InventoryTracing.StockVersionTag, write.Row.Version);
        try
        {
            var encoded = Encode(key, write, span?.Context ?? default);
            InventoryMetrics.StockWriteBytes.Record(encoded.Bytes);
            Enqueue(encoded);
            return span is null ? encoded.Done.Task : span.EndWhenDoneAsync(encoded.Done.Task);
        }
        catch (Exception e) when (span is not null)
        {
            span.Failed(e);
            span.Dispose();
            throw;
        }
    }

    public Task<long> SumOnHandDeltasAsync(StockKey key, DateTimeOffset occurredAfter, long throughSequence, CancellationToken cancellationToken = default) =>
        QueryAsync(async (connection, token) =>
        {
            await using var command = PairCommand(connection, key, """
                SELECT CAST(COALESCE(SUM(on_hand_delta), 0) AS bigint) FROM inventory_stock_movements
                WHERE service = @service AND location = @location AND sku = @sku AND occurred_at > @after AND seq <= @through
                """);
            Add(command, "@after", TimeValue(occurredAfter));
            Add(command, "@through", throughSequence);
            return Convert.ToInt64(await command.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    public Task<StockMovementPage> ReadMovementsAsync(StockKey key, StockMovementQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        CheckLimit(query.Limit);
        return QueryAsync(async (connection, token) =>
        {
            var after = query.After is null ? "" : " AND seq > @after";
            var before = query.Before is null ? "" : " AND seq < @before";
            await using var command = PairCommand(connection, key, $"""
                SELECT {StockColumns.Names(StockColumns.Movement)} FROM inventory_stock_movements
                WHERE service = @service AND location = @location AND sku = @sku{after}{before}
                ORDER BY seq {(query.NewestFirst ? "DESC" : "ASC")} LIMIT @limit
                """);
            AddIf(command, "@after", query.After);
            AddIf(command, "@before", query.Before);
            // One more than asked: whether it exists says whether there is a next page.
            Add(command, "@limit", query.Limit + 1);
            var items = new List<StockMovement>(query.Limit + 1);
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                items.Add(ReadMovement(reader));
            }

            var more = items.Count > query.Limit;
            if (more)
            {
                items.RemoveAt(items.Count - 1);
            }

            return new StockMovementPage(items, more ? items[^1].Sequence : null);
        }, cancellationToken);
    }

    public Task<bool> HasMovementAsync(StockKey key, string reference, CancellationToken cancellationToken = default) =>
        QueryAsync(async (connection, token) =>
        {
            await using var command = PairCommand(connection, key, """
                SELECT 1 FROM inventory_stock_movements
                WHERE service = @service AND location = @location AND sku = @sku AND reference = @reference LIMIT 1
                """);
            Add(command, "@reference", reference);
            return await command.ExecuteScalarAsync(token) is not null;
        }, cancellationToken);

    public Task<StockOrder?> FindOrderAsync(StockKey key, string reservationId, CancellationToken cancellationToken = default) =>
        FindByReservationAsync(key, "SELECT quantity, hold, committed_at FROM inventory_stock_orders", reservationId,
            reader => new StockOrder(reservationId, reader.GetInt64(0), Deserialize<HeldUnits>((byte[])reader[1]), ReadTime(reader, 2)), cancellationToken);

    public Task<ClosedReservation?> FindClosedAsync(StockKey key, string reservationId, CancellationToken cancellationToken = default) =>
        FindByReservationAsync(key, "SELECT how, closed_at, keep_until FROM inventory_stock_closed", reservationId,
            reader => new ClosedReservation(Enum.Parse<StockChangeCause>(reader.GetString(0)), ReadTime(reader, 1)) { KeepUntil = ReadTime(reader, 2) },
            cancellationToken);

    public Task<IReadOnlyList<StockSnapshot>> ListShortfallsAsync(string? location, StockKey? after, int limit, CancellationToken cancellationToken = default)
    {
        CheckLimit(limit);
        return QueryAsync(async (connection, token) =>
        {
            var atLocation = location is null ? "" : " AND location = @location";
            await using var command = Command(connection, $"""
                SELECT {StockColumns.Snapshot} FROM inventory_stock
                WHERE service = @service AND shortfall > 0{atLocation}{(after is null ? "" : After)}
                ORDER BY location, sku LIMIT @limit
                """);
            AddIf(command, "@location", location);
            AddAfter(command, after);
            Add(command, "@limit", limit);
            return (IReadOnlyList<StockSnapshot>)await ReadSnapshotsAsync(command, token);
        }, cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, long>> ShortfallUnitsByLocationAsync(CancellationToken cancellationToken = default) =>
        QueryAsync(async (connection, token) =>
        {
            await using var command = Command(connection, """
                SELECT location, CAST(SUM(shortfall) AS bigint) FROM inventory_stock
                WHERE service = @service AND shortfall > 0 GROUP BY location
                """);
            var units = new Dictionary<string, long>(StringComparer.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                units[reader.GetString(0)] = reader.GetInt64(1);
            }

            return (IReadOnlyDictionary<string, long>)units;
        }, cancellationToken);

    /// <summary>
    /// Every pair's stored snapshot, from the columns: pairs still in <c>orleansstorage</c> from before the stock
    /// tables first (decoded), then the tables page by page. A pair that moves meanwhile is read twice rather than
    /// missed. A legacy snapshot's hold count covers only the holds of its own row, which reconciliation does not need.
    /// </summary>
    public async IAsyncEnumerable<StockSnapshot> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var legacy in await QueryAsync(ReadLegacySnapshotsAsync, cancellationToken))
        {
            yield return legacy;
        }

        StockKey? after = null;
        while (true)
        {
            var page = await QueryAsync(async (connection, token) =>
            {
                await using var command = Command(connection, $"""
                    SELECT {StockColumns.Snapshot} FROM inventory_stock
                    WHERE service = @service{(after is null ? "" : After)} ORDER BY location, sku LIMIT @limit
                    """);
                AddAfter(command, after);
                Add(command, "@limit", CatalogPage);
                return await ReadSnapshotsAsync(command, token);
            }, cancellationToken);
            foreach (var snapshot in page)
            {
                yield return snapshot;
            }

            if (page.Count < CatalogPage)
            {
                yield break;
            }

            after = page[^1].Key;
        }
    }

    /// <summary>Deletes the movements recorded before <paramref name="cutoff"/> (the grains' clock); returns how many.</summary>
    public Task<int> DeleteMovementsRecordedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        DeleteInChunksAsync("inventory_stock_movements", "seq", "recorded_at", cutoff, cancellationToken);

    /// <summary>Deletes what is kept of ended reservations past its keep-until (the grains' clock); returns how many.</summary>
    public Task<int> DeleteClosedKeptUntilBeforeAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        DeleteInChunksAsync("inventory_stock_closed", "reservation_id", "keep_until", now, cancellationToken);

    /// <summary>Hands an encoded write to the provider's batches.</summary>
    private protected abstract void Enqueue(EncodedStockWrite write);

    /// <summary>The pair's row version, state and pages as stored, or null.</summary>
    private protected abstract Task<EncodedStoredRow?> ReadRowAsync(StockKey key, CancellationToken cancellationToken);

    /// <summary>A new (closed) connection to the database.</summary>
    private protected abstract DbConnection CreateConnection();

    /// <summary>A time as the provider's time columns hold it.</summary>
    private protected abstract object TimeValue(DateTimeOffset value);

    /// <summary>A time read from the provider's time column.</summary>
    private protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Runs <paramref name="work"/> where the provider wants its I/O run (SQLite: off the caller's thread).</summary>
    private protected virtual Task<T> RunAsync<T>(Func<Task<T>> work) => work();

    /// <summary>A value of <paramref name="type"/> as the provider binds it.</summary>
    private protected object? Value(StockColumnType type, object? value) =>
        type == StockColumnType.Time && value is DateTimeOffset time ? TimeValue(time) : value;

    private protected T Deserialize<T>(byte[] bytes) =>
        _serializer.Deserialize<T>(bytes) ?? throw new InvalidDataException($"A stored {typeof(T).Name} decoded as nothing.");

    /// <summary>A command over the rows of this service: <c>@service</c> is bound.</summary>
    private protected DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@service", ServiceId);
        return command;
    }

    private protected static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private protected Task<T> QueryAsync<T>(Func<DbConnection, CancellationToken, Task<T>> query, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await using var connection = CreateConnection();
            await connection.OpenAsync(cancellationToken);
            return await query(connection, cancellationToken);
        });

    private const string After = " AND (location, sku) > (@after_location, @after_sku)";

    private static void AddAfter(DbCommand command, StockKey? after)
    {
        AddIf(command, "@after_location", after?.Location);
        AddIf(command, "@after_sku", after?.Sku);
    }

    /// <summary>Binds <paramref name="value"/> unless it is null (its condition is then left out of the statement).</summary>
    private static void AddIf(DbCommand command, string name, object? value)
    {
        if (value is not null)
        {
            Add(command, name, value);
        }
    }

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"A page holds 1 to {MaxPageSize} rows.");
        }
    }

    private DbCommand PairCommand(DbConnection connection, StockKey key, string sql)
    {
        var command = Command(connection, sql);
        Add(command, "@location", key.Location);
        Add(command, "@sku", key.Sku);
        return command;
    }

    /// <summary>The row of <paramref name="reservationId"/> at the pair that <paramref name="select"/> (…FROM a table) reads, or null.</summary>
    private Task<T?> FindByReservationAsync<T>(StockKey key, string select, string reservationId, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class =>
        QueryAsync(async (connection, token) =>
        {
            await using var command = PairCommand(connection, key,
                $"{select} WHERE service = @service AND location = @location AND sku = @sku AND reservation_id = @id");
            Add(command, "@id", reservationId);
            await using var reader = await command.ExecuteReaderAsync(token);
            return await reader.ReadAsync(token) ? read(reader) : null;
        }, cancellationToken);

    private EncodedStockWrite Encode(StockKey key, StoredStockWrite write, ActivityContext caller)
    {
        var row = write.Row;
        var ended = write.EndedOrders.ToHashSet(StringComparer.Ordinal);
        var opened = write.OpenedOrders.Select(o => o.ReservationId).ToHashSet(StringComparer.Ordinal);
        return new EncodedStockWrite(key, write.ExpectedVersion, new EncodedStockRow(
            row.Version, row.OnHand, row.Reserved, row.Committed, row.SafetyStock, row.Damaged, write.ActiveHolds,
            write.Movements.Count > 0 ? write.Movements[^1].Sequence : write.ExpectedVersion is null ? 0 : null,
            write.NextExpiry, row.LastCountAsOf, row.StaleCountsIgnored, row.DuplicatesIgnored, row.UpdatedAt,
            _serializer.SerializeToArray(row)))
        {
            Caller = caller,
            Pages = [.. write.SealedPages.Select(p => new EncodedPage(p.Key, _serializer.SerializeToArray(p.Value)))],
            DroppedPages = [.. write.DroppedPages.Distinct(StringComparer.Ordinal)],
            Movements = write.Movements,
            // An order opened and ended by the same write was never open in storage.
            OpenedOrders = [.. write.OpenedOrders.Where(o => !ended.Contains(o.ReservationId))
                .Select(o => new EncodedOrder(o.ReservationId, o.Quantity, _serializer.SerializeToArray(o.Hold), o.CommittedAt))],
            EndedOrders = [.. ended.Where(id => !opened.Contains(id))],
            Closed = [.. write.Closed.Select(c => new EncodedClosed(c.Key, c.Value.How.ToString(), c.Value.At,
                c.Value.KeepUntil ?? c.Value.At + _options.ClosedReservationRetention))],
        };
    }

    private StockMovement ReadMovement(DbDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        Kind = Enum.Parse<StockMovementKind>(reader.GetString(1)),
        Delta = new StockQuantities(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)),
        After = new StockQuantities(reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)),
        Reason = NullableText(reader, 10),
        Note = NullableText(reader, 11),
        Reference = NullableText(reader, 12),
        Actor = NullableText(reader, 13),
        OccurredAt = ReadTime(reader, 14),
        RecordedAt = ReadTime(reader, 15),
        Variance = reader.IsDBNull(16) ? null : reader.GetInt64(16),
    };

    private async Task<List<StockSnapshot>> ReadSnapshotsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var snapshots = new List<StockSnapshot>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // The ledger's own rules say what the stored quantities mean (available, status, shortfall); a row
            // without holds costs it nothing to build.
            var state = new StockState
            {
                Version = reader.GetInt64(2),
                OnHand = reader.GetInt64(3),
                Reserved = reader.GetInt64(4),
                Committed = reader.GetInt64(5),
                SafetyStock = reader.GetInt64(6),
                Damaged = reader.GetInt64(7),
                LastCountAsOf = NullableTime(reader, 9),
                StaleCountsIgnored = reader.GetInt64(10),
                DuplicatesIgnored = reader.GetInt64(11),
                UpdatedAt = NullableTime(reader, 12),
            };
            var key = new StockKey(reader.GetString(0), reader.GetString(1));
            snapshots.Add(new StockLedger(key, state, _options).Snapshot() with { ActiveHolds = reader.GetInt32(8) });
        }

        return snapshots;
    }

    private async Task<List<StockSnapshot>> ReadLegacySnapshotsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT grainidextensionstring, payloadbinary FROM orleansstorage
            WHERE serviceid = @service AND graintypestring = '{StockStore.StateName}' AND payloadbinary IS NOT NULL
            """);
        var snapshots = new List<StockSnapshot>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (StockKey.TryParse(reader.GetString(0), out var key))
            {
                snapshots.Add(new StockLedger(key, Deserialize<StockState>((byte[])reader[1]), _options).Snapshot());
            }
        }

        return snapshots;
    }

    private async Task<int> DeleteInChunksAsync(string table, string lastKey, string timeColumn, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await QueryAsync(async (connection, token) =>
            {
                await using var command = Command(connection, $"""
                    DELETE FROM {table} WHERE (service, location, sku, {lastKey}) IN (
                        SELECT service, location, sku, {lastKey} FROM {table} WHERE service = @service AND {timeColumn} < @before LIMIT @chunk)
                    """);
                Add(command, "@before", TimeValue(before));
                Add(command, "@chunk", DeletesPerStatement);
                return await command.ExecuteNonQueryAsync(token);
            }, cancellationToken);
            total += deleted;
        }
        while (deleted == DeletesPerStatement);

        return total;
    }

    private static string? NullableText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);
}
