using Microsoft.Data.Sqlite;

namespace Inventory.Silo.Storage;

/// <summary>
/// Creates and upgrades the SQLite schema that Orleans' ADO.NET grain storage and reminders need (no SQL ships in
/// their packages): the state and reminder tables and the <c>OrleansQuery</c> rows the providers read their statements from,
/// and the stock pairs' own tables. Idempotent; the schema version is kept in SQLite's <c>user_version</c>.
/// </summary>
public static class SqliteSchema
{
    /// <summary>Schema version this build creates.</summary>
    public const int Version = 4;

    private const string KeyMatch = """
        ServiceId = @ServiceId AND GrainTypeString = @GrainTypeString
        AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
        AND GrainIdExtensionString = COALESCE(@GrainIdExtensionString, '')
        """;

    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    // Version is a 64-bit INTEGER, but the provider keeps it in a 32-bit ETag (int.Parse, Convert.ToInt32): it is given
    // the version modulo 2^31, so a row written more than 2^31 times still loads and writes. The check stays exact
    // unless a stale writer is a multiple of 2^31 writes behind.
    private const string ProviderVersion = "Version % 2147483648";

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS OrleansQuery (
            QueryKey  TEXT NOT NULL PRIMARY KEY,
            QueryText TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS OrleansStorage (
            ServiceId              TEXT    NOT NULL,
            GrainTypeString        TEXT    NOT NULL,
            GrainIdN0              INTEGER NOT NULL,
            GrainIdN1              INTEGER NOT NULL,
            GrainIdExtensionString TEXT    NOT NULL,
            GrainIdHash            INTEGER NOT NULL,
            GrainTypeHash          INTEGER NOT NULL,
            PayloadBinary          BLOB    NULL,
            Version                INTEGER NOT NULL,
            ModifiedOn             TEXT    NOT NULL,
            PRIMARY KEY (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS OrleansRemindersTable (
            ServiceId    TEXT    NOT NULL,
            GrainId      TEXT    NOT NULL,
            ReminderName TEXT    NOT NULL,
            StartTime    TEXT    NOT NULL,
            Period       INTEGER NOT NULL,
            GrainHash    INTEGER NOT NULL,
            Version      INTEGER NOT NULL,
            PRIMARY KEY (ServiceId, GrainId, ReminderName)
        ) WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS OrleansRemindersTable_Hash ON OrleansRemindersTable (ServiceId, GrainHash);
        """;

    // Version 4: the stock pairs leave OrleansStorage (see SqliteStockStorage); the same tables and columns as on
    // PostgreSQL, times as microseconds since 1970 UTC (PostgreSQL's precision; integers compare exactly).
    private const string CreateStockTables = """
        CREATE TABLE IF NOT EXISTS inventory_stock (
            service              TEXT    NOT NULL,
            location             TEXT    NOT NULL,
            sku                  TEXT    NOT NULL,
            row_version          INTEGER NOT NULL,
            version              INTEGER NOT NULL,
            on_hand              INTEGER NOT NULL,
            reserved             INTEGER NOT NULL,
            committed            INTEGER NOT NULL,
            safety_stock         INTEGER NOT NULL,
            damaged              INTEGER NOT NULL,
            shortfall            INTEGER NOT NULL,
            backordered          INTEGER NOT NULL,
            active_holds         INTEGER NOT NULL,
            movement_seq         INTEGER NOT NULL,
            next_expiry          INTEGER NULL,
            last_count_as_of     INTEGER NULL,
            stale_counts_ignored INTEGER NOT NULL,
            duplicates_ignored   INTEGER NOT NULL,
            updated_at           INTEGER NULL,
            state                BLOB    NOT NULL,
            PRIMARY KEY (service, location, sku)
        ) WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS inventory_stock_shortfall ON inventory_stock (service, location, sku) WHERE shortfall > 0;
        CREATE INDEX IF NOT EXISTS inventory_stock_by_sku ON inventory_stock (service, sku, location);

        CREATE TABLE IF NOT EXISTS inventory_stock_pages (
            service  TEXT NOT NULL,
            location TEXT NOT NULL,
            sku      TEXT NOT NULL,
            page     TEXT NOT NULL,
            holds    BLOB NOT NULL,
            PRIMARY KEY (service, location, sku, page)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS inventory_stock_movements (
            service            TEXT    NOT NULL,
            location           TEXT    NOT NULL,
            sku                TEXT    NOT NULL,
            seq                INTEGER NOT NULL,
            kind               TEXT    NOT NULL,
            on_hand_delta      INTEGER NOT NULL,
            committed_delta    INTEGER NOT NULL,
            damaged_delta      INTEGER NOT NULL,
            safety_stock_delta INTEGER NOT NULL,
            on_hand_after      INTEGER NOT NULL,
            committed_after    INTEGER NOT NULL,
            damaged_after      INTEGER NOT NULL,
            safety_stock_after INTEGER NOT NULL,
            reason             TEXT    NULL,
            note               TEXT    NULL,
            reference          TEXT    NULL,
            actor              TEXT    NULL,
            occurred_at        INTEGER NOT NULL,
            recorded_at        INTEGER NOT NULL,
            variance           INTEGER NULL,
            PRIMARY KEY (service, location, sku, seq)
        ) WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS inventory_stock_movements_reference ON inventory_stock_movements (service, location, sku, reference)
            WHERE reference IS NOT NULL;
        CREATE INDEX IF NOT EXISTS inventory_stock_movements_occurred ON inventory_stock_movements (service, location, sku, occurred_at);
        CREATE INDEX IF NOT EXISTS inventory_stock_movements_recorded ON inventory_stock_movements (service, recorded_at);

        CREATE TABLE IF NOT EXISTS inventory_stock_orders (
            service        TEXT    NOT NULL,
            location       TEXT    NOT NULL,
            sku            TEXT    NOT NULL,
            reservation_id TEXT    NOT NULL,
            quantity       INTEGER NOT NULL,
            hold           BLOB    NOT NULL,
            committed_at   INTEGER NOT NULL,
            PRIMARY KEY (service, location, sku, reservation_id)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS inventory_stock_closed (
            service        TEXT    NOT NULL,
            location       TEXT    NOT NULL,
            sku            TEXT    NOT NULL,
            reservation_id TEXT    NOT NULL,
            how            TEXT    NOT NULL,
            closed_at      INTEGER NOT NULL,
            keep_until     INTEGER NOT NULL,
            PRIMARY KEY (service, location, sku, reservation_id)
        ) WITHOUT ROWID;

        CREATE INDEX IF NOT EXISTS inventory_stock_closed_keep ON inventory_stock_closed (service, keep_until);
        """;

    private const string ReminderColumns = "GrainId, ReminderName, StartTime, Period, Version";

    // The provider's contract: the read returns (PayloadBinary, Version); a write returns the new version as
    // NewGrainStateVersion, or nothing when the caller's version is stale (the provider then raises an ETag conflict).
    private static readonly Dictionary<string, string> Queries = new(StringComparer.Ordinal)
    {
        ["ReadFromStorageKey"] = $"SELECT PayloadBinary, {ProviderVersion} AS Version FROM OrleansStorage WHERE {KeyMatch};",
        ["WriteToStorageKey"] = $"""
            INSERT INTO OrleansStorage (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
                                        GrainIdHash, GrainTypeHash, PayloadBinary, Version, ModifiedOn)
            VALUES (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''),
                    @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1, {Now})
            ON CONFLICT (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString) DO UPDATE
                SET PayloadBinary = excluded.PayloadBinary,
                    Version = OrleansStorage.Version + 1,
                    ModifiedOn = excluded.ModifiedOn
                WHERE OrleansStorage.{ProviderVersion} = @GrainStateVersion
            RETURNING {ProviderVersion} AS NewGrainStateVersion;
            """,
        // Unused since the silo sets DeleteStateOnClear (DeleteStorageKey runs instead), but the provider requires it.
        ["ClearStorageKey"] = $"""
            UPDATE OrleansStorage SET PayloadBinary = NULL, Version = Version + 1, ModifiedOn = {Now}
            WHERE {KeyMatch} AND {ProviderVersion} = @GrainStateVersion
            RETURNING {ProviderVersion};
            """,
        // Reminder rows: hashes are the grains' uniform hash cast to a signed int, ranges are (begin, end].
        ["ReadReminderRowsKey"] = $"SELECT {ReminderColumns} FROM OrleansRemindersTable WHERE ServiceId = @ServiceId AND GrainId = @GrainId;",
        ["ReadReminderRowKey"] = $"SELECT {ReminderColumns} FROM OrleansRemindersTable WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;",
        ["ReadRangeRows1Key"] = $"SELECT {ReminderColumns} FROM OrleansRemindersTable WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;",
        ["ReadRangeRows2Key"] = $"SELECT {ReminderColumns} FROM OrleansRemindersTable WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);",
        ["UpsertReminderRowKey"] = """
            INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
                SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
                    Version = OrleansRemindersTable.Version + 1
            RETURNING Version;
            """,
        ["DeleteReminderRowKey"] = """
            DELETE FROM OrleansRemindersTable
            WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName AND Version = @Version;
            SELECT changes() > 0;
            """,
        ["DeleteReminderRowsKey"] = "DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;",
        ["DeleteStorageKey"] = $"""
            DELETE FROM OrleansStorage WHERE {KeyMatch} AND {ProviderVersion} = @GrainStateVersion
            RETURNING Version + 1;
            """,
    };

    /// <summary>Creates the database file, tables and queries if missing and brings them to <see cref="Version"/>.</summary>
    public static async Task EnsureCreatedAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL lets readers and the writer proceed together; synchronous stays FULL so an acknowledged write survives.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL;", cancellationToken);

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, CreateTables, cancellationToken, transaction);
        await ExecuteAsync(connection, CreateStockTables, cancellationToken, transaction);
        foreach (var (key, text) in Queries)
        {
            await using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@key, @text)
                ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
                """;
            upsert.Parameters.AddWithValue("@key", key);
            upsert.Parameters.AddWithValue("@text", text);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await ExecuteAsync(connection, $"PRAGMA user_version = {Version};", cancellationToken, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
