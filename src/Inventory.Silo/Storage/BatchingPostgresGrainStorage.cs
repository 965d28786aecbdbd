using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace Inventory.Silo.Storage;

/// <summary>
/// Grain storage on PostgreSQL that writes many grains' states in one statement (one round trip, one commit), the
/// cross-grain counterpart of the stock grain's group commit: while one batch is being written, the next one
/// fills up. It uses the ADO.NET provider's table and row conventions (state name in <c>graintypestring</c>, the
/// grain's string key in <c>grainidextensionstring</c>, a version per row checked on every write), so rows written
/// by either are read by the other, and keeps its guarantees: a write is acknowledged only after its commit, a write
/// against a version that moved on fails with <see cref="InconsistentStateException"/>, and a row the database
/// refuses fails its own writer only (the batch is split until that row is alone). Reads are batched the
/// same way (one statement for every activation that is loading its state at that moment): a new reservation's
/// activation finds nothing stored, and a thousand of them per second need not be a thousand round trips.
/// It takes part in the silo's lifecycle like Orleans' own providers (added by
/// <see cref="BatchingPostgresGrainStorageExtensions.AddBatchingPostgresGrainStorage"/>): it starts writing with the
/// application services and, when the silo stops (after its grains were deactivated), takes no more work and
/// commits what it accepted before; what it cannot commit in the time the silo gives it fails, never vanishes.
/// </summary>
public sealed partial class BatchingPostgresGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private const int MaxBatch = 512;
    internal const int Flushers = 4;
    private const int Readers = 2;

    // Rows that do not exist are simply not returned. Each key is looked up on its own (LATERAL ... LIMIT 1 cannot be
    // flattened into a join): with a plain join the planner, misled by statistics taken while the table was nearly
    // empty, walked every row of the service and filtered (the same shape in the update took 20-57 ms per statement
    // at 10,000 pairs, against under 1 ms now).
    private const string ReadSql = """
        SELECT i.type, i.key, s.payloadbinary, s.version
        FROM unnest(@types::varchar[], @keys::varchar[]) AS i(type, key)
        CROSS JOIN LATERAL (
            SELECT t.payloadbinary, t.version FROM orleansstorage t
            WHERE t.serviceid = @service AND t.graintypestring = i.type AND t.grainidn0 = 0
              AND t.grainidn1 = 0 AND t.grainidextensionstring = i.key
            LIMIT 1) s
        """;

    // New rows are inserted (a row that appeared meanwhile is a conflict), existing ones updated only at the expected
    // version, and rows given without a payload (cleared states) deleted only at the expected version; the rows
    // returned are the writes that succeeded, with their new versions. An update or delete finds its row by the full
    // key first and then by row id, for the same reason as the read. Should another writer change the row in between,
    // PostgreSQL re-checks the row id against the newer version, which fails: the write is a conflict.
    private const string WriteSql = """
        WITH input AS (
            SELECT * FROM unnest(@types::varchar[], @keys::varchar[], @payloads::bytea[], @expected::bigint[]) AS i(type, key, payload, expected)
        ),
        inserted AS (
            INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring,
                                        grainidhash, graintypehash, payloadbinary, version, modifiedon)
            SELECT @service, i.type, 0, 0, i.key, 0, 0, i.payload, 1, now() FROM input i WHERE i.expected IS NULL AND i.payload IS NOT NULL
            ON CONFLICT (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring) DO NOTHING
            RETURNING graintypestring, grainidextensionstring, version
        ),
        updated AS (
            UPDATE orleansstorage s SET payloadbinary = i.payload, version = s.version + 1, modifiedon = now()
            FROM (SELECT u.payload, u.expected,
                         (SELECT t.ctid FROM orleansstorage t
                          WHERE t.serviceid = @service AND t.graintypestring = u.type AND t.grainidn0 = 0
                            AND t.grainidn1 = 0 AND t.grainidextensionstring = u.key) AS row
                  FROM input u WHERE u.expected IS NOT NULL AND u.payload IS NOT NULL) i
            WHERE s.ctid = i.row AND s.version = i.expected
            RETURNING s.graintypestring, s.grainidextensionstring, s.version
        ),
        deleted AS (
            DELETE FROM orleansstorage s
            USING (SELECT u.expected,
                          (SELECT t.ctid FROM orleansstorage t
                           WHERE t.serviceid = @service AND t.graintypestring = u.type AND t.grainidn0 = 0
                             AND t.grainidn1 = 0 AND t.grainidextensionstring = u.key) AS row
                   FROM input u WHERE u.expected IS NOT NULL AND u.payload IS NULL) i
            WHERE s.ctid = i.row AND s.version = i.expected
            RETURNING s.graintypestring, s.grainidextensionstring, s.version + 1
        )
        SELECT * FROM inserted UNION ALL SELECT * FROM updated UNION ALL SELECT * FROM deleted
        """;

    private readonly string _name;
    private readonly string _serviceId;
    private readonly IGrainStorageSerializer _serializer;
    private readonly PostgresBatches<PendingWrite, PendingRead> _batches;

    public BatchingPostgresGrainStorage(string name, BatchingPostgresGrainStorageOptions options, IOptions<ClusterOptions> cluster)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString) || options.GrainStorageSerializer is null)
        {
            throw new OrleansConfigurationException($"Grain storage '{name}' needs a ConnectionString and a GrainStorageSerializer.");
        }

        _name = name;
        _serviceId = cluster.Value.ServiceId;
        _serializer = options.GrainStorageSerializer;
        _batches = new("Grain storage", "grain state", new NpgsqlConnectionStringBuilder(options.ConnectionString), Flushers, Readers, MaxBatch,
            write => (write.Type, write.Key), FlushAsync, ReadBatchAsync);
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe($"{nameof(BatchingPostgresGrainStorage)}-{_name}", ServiceLifecycleStage.ApplicationServices, _batches.StartAsync, _batches.StopAsync);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var read = new PendingRead(stateName, Key(grainId));
        _batches.Read(read);
        var stored = await read.Done.Task;
        var exists = stored?.Payload is not null;
        grainState.State = exists ? _serializer.Deserialize<T>(new BinaryData(stored!.Payload!)) : Activator.CreateInstance<T>();
        grainState.ETag = stored?.Version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = exists;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = _serializer.Serialize(grainState.State).ToArray();
        var version = await EnqueueAsync(stateName, grainId, payload, grainState.ETag);
        grainState.ETag = version.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>
    /// Deletes the row (at the version the grain last read or wrote), so a cleared state leaves nothing behind; like
    /// the ADO.NET provider with <c>DeleteStateOnClear</c>, the grain's next write inserts it afresh.
    /// </summary>
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (grainState.ETag is not null)
        {
            await EnqueueAsync(stateName, grainId, null, grainState.ETag);
            grainState.ETag = null;
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.RecordExists = false;
    }

    public ValueTask DisposeAsync() => _batches.DisposeAsync();

    private static string Key(GrainId grainId) => grainId.Key.ToString()!;

    private Task<long> EnqueueAsync(string stateName, GrainId grainId, byte[]? payload, string? etag)
    {
        long? expected = etag is null ? null : long.Parse(etag, NumberStyles.None, CultureInfo.InvariantCulture);
        var write = new PendingWrite(stateName, Key(grainId), payload, expected);
        _batches.Write(write);
        return write.Done.Task;
    }

    /// <summary>Writes <paramref name="batch"/> in one statement and answers each writer: its new version, or a conflict.</summary>
    private async Task FlushAsync(IReadOnlyList<PendingWrite> batch, CancellationToken cancellationToken)
    {
        var written = await WriteBatchAsync(batch, cancellationToken);
        foreach (var write in batch)
        {
            if (written.TryGetValue((write.Type, write.Key), out var version))
            {
                write.Done.TrySetResult(version);
            }
            else
            {
                write.Done.TrySetException(new InconsistentStateException(
                    $"Version conflict writing {write.Type} state of '{write.Key}': the stored version is not {write.Expected?.ToString(CultureInfo.InvariantCulture) ?? "absent"}.",
                    storedEtag: "unknown", currentEtag: write.Expected?.ToString(CultureInfo.InvariantCulture) ?? ""));
            }
        }
    }

    /// <summary>Runs one statement for the batch; returns the new version of each row written.</summary>
    private async Task<Dictionary<(string, string), long>> WriteBatchAsync(IReadOnlyList<PendingWrite> batch, CancellationToken cancellationToken)
    {
        var written = new Dictionary<(string, string), long>(batch.Count);
        await using var command = RowsCommand(WriteSql, batch.Select(w => w.Type), batch.Select(w => w.Key));
        command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = batch.Select(w => w.Payload).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("expected", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = batch.Select(w => w.Expected).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            written[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }

        return written;
    }

    private async Task ReadBatchAsync(IReadOnlyList<PendingRead> batch, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string), StoredRow>(batch.Count);
        await using (var command = RowsCommand(ReadSql, batch.Select(r => r.Type), batch.Select(r => r.Key)))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var payload = reader.IsDBNull(2) ? null : (byte[])reader[2];
                found[(reader.GetString(0), reader.GetString(1))] = new StoredRow(payload, reader.GetInt64(3));
            }
        }

        foreach (var read in batch)
        {
            read.Done.TrySetResult(found.GetValueOrDefault((read.Type, read.Key)));
        }
    }

    /// <summary>A statement over rows of this service, given as parallel arrays <c>@types</c> and <c>@keys</c>.</summary>
    private NpgsqlCommand RowsCommand(string sql, IEnumerable<string> types, IEnumerable<string> keys)
    {
        var command = _batches.Database.CreateCommand(sql);
        command.Parameters.AddWithValue("service", _serviceId);
        command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = types.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = keys.ToArray() });
        return command;
    }

    private sealed record StoredRow(byte[]? Payload, long Version);

    private sealed record PendingRead(string Type, string Key) : IBatchItem
    {
        public TaskCompletionSource<StoredRow?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Orleans' "read storage" / "write storage" span of the grain, current where the read or write is queued.
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public void Fail(Exception exception) => Done.TrySetException(exception);
    }

    private sealed record PendingWrite(string Type, string Key, byte[]? Payload, long? Expected) : IBatchItem
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Orleans' "read storage" / "write storage" span of the grain, current where the read or write is queued.
        public ActivityContext Caller { get; } = Activity.Current?.Context ?? default;

        public void Fail(Exception exception) => Done.TrySetException(exception);
    }
}
