using Npgsql;

namespace Inventory.Silo.Storage;

/// <summary>
/// Creates and upgrades the PostgreSQL schema that Orleans' ADO.NET grain storage and reminders need (no SQL ships
/// in their packages). Migrations are numbered and recorded in <c>inventory_schema_version</c>; they run in one transaction
/// under an advisory lock, so silos starting together never race, a fresh database and an existing one both work,
/// and running it again changes nothing. The provider's statements are (re)written to <c>orleansquery</c> each time.
/// </summary>
public static class PostgresSchema
{
    // Any constant works; it only has to be the same for every silo of the service.
    private const long MigrationLockId = 0x1_4E7E_0001;

    private const string KeyMatch = """
        serviceid = @ServiceId AND graintypestring = @GrainTypeString
        AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
        AND grainidextensionstring = COALESCE(@GrainIdExtensionString::varchar, '')
        """;

    /// <summary>The migrations, oldest first. Never edit a released one: add the next.</summary>
    private static readonly (int Version, string Description, string Sql)[] Migrations =
    [
        (1, "grain storage and query tables", """
            CREATE TABLE orleansquery (
                querykey  varchar(64) PRIMARY KEY,
                querytext text        NOT NULL
            );

            CREATE TABLE orleansstorage (
                serviceid              varchar(150) NOT NULL,
                graintypestring        varchar(512) NOT NULL,
                grainidn0              bigint       NOT NULL,
                grainidn1              bigint       NOT NULL,
                grainidextensionstring varchar(512) NOT NULL,
                grainidhash            integer      NOT NULL,
                graintypehash          integer      NOT NULL,
                payloadbinary          bytea        NULL,
                version                integer      NOT NULL,
                modifiedon             timestamptz  NOT NULL DEFAULT now(),
                PRIMARY KEY (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring)
            );
            """),
        (2, "reminders table", """
            CREATE TABLE orleansreminderstable (
                serviceid    varchar(150) NOT NULL,
                grainid      varchar(150) NOT NULL,
                remindername varchar(150) NOT NULL,
                starttime    timestamptz  NOT NULL,
                period       bigint       NOT NULL,
                grainhash    integer      NOT NULL,
                version      integer      NOT NULL,
                PRIMARY KEY (serviceid, grainid, remindername)
            );

            CREATE INDEX orleansreminderstable_hash ON orleansreminderstable (serviceid, grainhash);
            """),
        // A permanently hot row is written hundreds of times a second: an integer version ran out after 2^31 writes
        // (weeks), and from then on every write of that row, and of every row batched with it, failed.
        (3, "grain state versions as bigint", """
            ALTER TABLE orleansstorage ALTER COLUMN version TYPE bigint;
            """),
        // The stock pairs leave orleansstorage (see PostgresStockStorage). Codes sort by their bytes ("C"), as in SQLite
        // and C#, so pages of a listing are the same on both providers.
        (4, "stock tables: pairs, hold pages, movements, open orders, ended reservations", """
            CREATE TABLE inventory_stock (
                service              varchar(150)            NOT NULL,
                location             varchar(64) COLLATE "C" NOT NULL,
                sku                  varchar(64) COLLATE "C" NOT NULL,
                row_version          bigint                  NOT NULL,
                version              bigint                  NOT NULL,
                on_hand              bigint                  NOT NULL,
                reserved             bigint                  NOT NULL,
                committed            bigint                  NOT NULL,
                safety_stock         bigint                  NOT NULL,
                damaged              bigint                  NOT NULL,
                shortfall            bigint                  NOT NULL,
                backordered          bigint                  NOT NULL,
                active_holds         integer                 NOT NULL,
                movement_seq         bigint                  NOT NULL,
                next_expiry          timestamptz             NULL,
                last_count_as_of     timestamptz             NULL,
                stale_counts_ignored bigint                  NOT NULL,
                duplicates_ignored   bigint                  NOT NULL,
                updated_at           timestamptz             NULL,
                state                bytea                   NOT NULL,
                PRIMARY KEY (service, location, sku)
            );

            CREATE INDEX inventory_stock_shortfall ON inventory_stock (service, location, sku) WHERE shortfall > 0;
            CREATE INDEX inventory_stock_by_sku ON inventory_stock (service, sku, location);

            CREATE TABLE inventory_stock_pages (
                service  varchar(150)            NOT NULL,
                location varchar(64) COLLATE "C" NOT NULL,
                sku      varchar(64) COLLATE "C" NOT NULL,
                page     varchar(64) COLLATE "C" NOT NULL,
                holds    bytea                   NOT NULL,
                PRIMARY KEY (service, location, sku, page)
            );

            CREATE TABLE inventory_stock_movements (
                service            varchar(150)             NOT NULL,
                location           varchar(64)  COLLATE "C" NOT NULL,
                sku                varchar(64)  COLLATE "C" NOT NULL,
                seq                bigint                   NOT NULL,
                kind               varchar(32)              NOT NULL,
                on_hand_delta      bigint                   NOT NULL,
                committed_delta    bigint                   NOT NULL,
                damaged_delta      bigint                   NOT NULL,
                safety_stock_delta bigint                   NOT NULL,
                on_hand_after      bigint                   NOT NULL,
                committed_after    bigint                   NOT NULL,
                damaged_after      bigint                   NOT NULL,
                safety_stock_after bigint                   NOT NULL,
                reason             varchar(32)              NULL,
                note               text                     NULL,
                reference          varchar(128) COLLATE "C" NULL,
                actor              varchar(64)              NULL,
                occurred_at        timestamptz              NOT NULL,
                recorded_at        timestamptz              NOT NULL,
                variance           bigint                   NULL,
                PRIMARY KEY (service, location, sku, seq)
            );

            CREATE INDEX inventory_stock_movements_reference ON inventory_stock_movements (service, location, sku, reference)
                WHERE reference IS NOT NULL;
            CREATE INDEX inventory_stock_movements_occurred ON inventory_stock_movements (service, location, sku, occurred_at);
            CREATE INDEX inventory_stock_movements_recorded ON inventory_stock_movements (service, recorded_at);

            CREATE TABLE inventory_stock_orders (
                service        varchar(150)            NOT NULL,
                location       varchar(64) COLLATE "C" NOT NULL,
                sku            varchar(64) COLLATE "C" NOT NULL,
                reservation_id varchar(64) COLLATE "C" NOT NULL,
                quantity       bigint                  NOT NULL,
                hold           bytea                   NOT NULL,
                committed_at   timestamptz             NOT NULL,
                PRIMARY KEY (service, location, sku, reservation_id)
            );

            CREATE TABLE inventory_stock_closed (
                service        varchar(150)            NOT NULL,
                location       varchar(64) COLLATE "C" NOT NULL,
                sku            varchar(64) COLLATE "C" NOT NULL,
                reservation_id varchar(64) COLLATE "C" NOT NULL,
                how            varchar(32)             NOT NULL,
                closed_at      timestamptz             NOT NULL,
                keep_until     timestamptz             NOT NULL,
                PRIMARY KEY (service, location, sku, reservation_id)
            );

            CREATE INDEX inventory_stock_closed_keep ON inventory_stock_closed (service, keep_until);
            """),
    ];

    // The ADO.NET provider (BatchWrites=false) keeps a row's version in a 32-bit ETag: it parses it with int.Parse and
    // reads it with Convert.ToInt32. It is therefore given the version modulo 2^31; its check stays exact unless a
    // stale writer is a multiple of 2^31 writes behind.
    private const string ProviderVersion = "version % 2147483648";

    private const string ReminderColumns =
        "grainid AS \"GrainId\", remindername AS \"ReminderName\", starttime AS \"StartTime\", period AS \"Period\", version AS \"Version\"";

    /// <summary>Schema version this build creates.</summary>
    public static int Version => Migrations[^1].Version;

    // Same contract as the SQLite schema: read returns (PayloadBinary, Version); write returns NewGrainStateVersion,
    // or no row when the caller's version is stale, which the provider reports as an ETag conflict.
    private static readonly Dictionary<string, string> Queries = new(StringComparer.Ordinal)
    {
        ["ReadFromStorageKey"] = $"""
            SELECT payloadbinary AS "PayloadBinary", {ProviderVersion} AS "Version" FROM orleansstorage WHERE {KeyMatch};
            """,
        ["WriteToStorageKey"] = $"""
            INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring,
                                        grainidhash, graintypehash, payloadbinary, version, modifiedon)
            VALUES (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString::varchar, ''),
                    @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1, now())
            ON CONFLICT (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring) DO UPDATE
                SET payloadbinary = EXCLUDED.payloadbinary,
                    version = orleansstorage.version + 1,
                    modifiedon = now()
                WHERE orleansstorage.{ProviderVersion} = @GrainStateVersion::integer
            RETURNING {ProviderVersion} AS "NewGrainStateVersion";
            """,
        // Unused since the silo sets DeleteStateOnClear (DeleteStorageKey runs instead), but the provider requires it.
        ["ClearStorageKey"] = $"""
            UPDATE orleansstorage SET payloadbinary = NULL, version = version + 1, modifiedon = now()
            WHERE {KeyMatch} AND {ProviderVersion} = @GrainStateVersion::integer
            RETURNING {ProviderVersion};
            """,
        // Reminder rows: hashes are the grains' uniform hash cast to a signed int, ranges are (begin, end].
        ["ReadReminderRowsKey"] = $"SELECT {ReminderColumns} FROM orleansreminderstable WHERE serviceid = @ServiceId AND grainid = @GrainId;",
        ["ReadReminderRowKey"] = $"SELECT {ReminderColumns} FROM orleansreminderstable WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;",
        ["ReadRangeRows1Key"] = $"SELECT {ReminderColumns} FROM orleansreminderstable WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;",
        ["ReadRangeRows2Key"] = $"SELECT {ReminderColumns} FROM orleansreminderstable WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);",
        ["UpsertReminderRowKey"] = """
            INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
            VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
            ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
                SET starttime = EXCLUDED.starttime, period = EXCLUDED.period, grainhash = EXCLUDED.grainhash,
                    version = orleansreminderstable.version + 1
            RETURNING version AS "Version";
            """,
        ["DeleteReminderRowKey"] = """
            WITH deleted AS (
                DELETE FROM orleansreminderstable
                WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
                RETURNING 1)
            SELECT COUNT(*) > 0 FROM deleted;
            """,
        ["DeleteReminderRowsKey"] = "DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;",
        ["DeleteStorageKey"] = $"""
            DELETE FROM orleansstorage WHERE {KeyMatch} AND {ProviderVersion} = @GrainStateVersion::integer
            RETURNING (version + 1) % 2147483648;
            """,
    };

    /// <summary>Brings the database to <see cref="Version"/>. Returns the version it found before.</summary>
    public static async Task<int> MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockId});", cancellationToken);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS inventory_schema_version (
                version     integer     PRIMARY KEY,
                description text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            """, cancellationToken);

        await using var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM inventory_schema_version;", connection);
        var found = Convert.ToInt32(await current.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (found > Version)
        {
            throw new InvalidOperationException(
                $"The database schema is at version {found}, newer than this build's {Version}: upgrade the service, not the database.");
        }

        foreach (var (version, description, sql) in Migrations.Where(m => m.Version > found))
        {
            await ExecuteAsync(connection, sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                "INSERT INTO inventory_schema_version (version, description) VALUES (@version, @description);", connection);
            record.Parameters.AddWithValue("version", version);
            record.Parameters.AddWithValue("description", description);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (key, text) in Queries)
        {
            await using var upsert = new NpgsqlCommand("""
                INSERT INTO orleansquery (querykey, querytext) VALUES (@key, @text)
                ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
                """, connection);
            upsert.Parameters.AddWithValue("key", key);
            upsert.Parameters.AddWithValue("text", text);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return found;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
