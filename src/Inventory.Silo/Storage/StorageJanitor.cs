using System.Data.Common;
using System.Globalization;
using Inventory.Reservations;
using Inventory.Stock;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Inventory.Silo.Storage;

/// <summary>
/// Deletes the rows nothing needs any more, so the tables hold what is live and not every key, page, reservation and
/// movement ever written: Idempotency-Key answers older than <see cref="StorageOptions.IdempotencyRetention"/>,
/// ended reservations older than <see cref="StorageOptions.ReservationRetention"/>, stock movements older than
/// <see cref="StockOptions.MovementRetention"/>, what pairs keep of ended reservations past its keep-until, and, past
/// <see cref="StorageOptions.OrphanGrace"/>, rows without a payload and hold pages in grain storage that no pair's
/// row there lists (pairs from before the stock tables; the tables delete a pair's pages with the write that drops
/// them). Runs on every silo every <see cref="StorageOptions.CleanupInterval"/>. Each grain storage row is deleted only
/// at the version it was read at, so a write that comes in meanwhile wins; concurrent runs only delete the same rows.
/// Movements and ended reservations are aged on the grains' clock, which recorded them.
/// </summary>
public sealed partial class StorageJanitor(
    IOptions<StorageOptions> settings,
    IOptions<ClusterOptions> cluster,
    IOptions<StockOptions> stock,
    StockStorage stockStorage,
    Serializer serializer,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
    ILogger<StorageJanitor> logger) : BackgroundService
{
    // Deletes go out in transactions of this many rows: few commits, and never a long lock on SQLite's one writer.
    private const int DeletesPerTransaction = 256;

    private const string RowColumns = "graintypestring, grainidn0, grainidn1, grainidextensionstring, version";

    /// <summary>Deletes what is no longer needed now; returns how many rows of each kind.</summary>
    public async Task<StorageCleanup> CleanUpAsync(CancellationToken cancellationToken)
    {
        var storage = settings.Value;
        await using var connection = storage.CreateConnection();
        await connection.OpenAsync(cancellationToken);

        var answers = await ExecuteAsync(connection, $"""
            DELETE FROM orleansstorage WHERE serviceid = @service AND graintypestring = 'idempotency'
            AND {OlderThan("modifiedon", storage.IdempotencyRetention)}
            """, cancellationToken);
        // A NULL payload is re-checked by the delete itself, so a row written meanwhile is kept.
        var empty = await ExecuteAsync(connection, $"""
            DELETE FROM orleansstorage WHERE serviceid = @service AND payloadbinary IS NULL
            AND {OlderThan("modifiedon", storage.OrphanGrace)}
            """, cancellationToken);
        var pages = await DeleteAsync(connection, await UnlistedPagesAsync(connection, cancellationToken), cancellationToken);
        var reservations = await DeleteAsync(connection, await EndedReservationsAsync(connection, cancellationToken), cancellationToken);
        var now = clock.GetUtcNow();
        var movements = await stockStorage.DeleteMovementsRecordedBeforeAsync(now - stock.Value.MovementRetention, cancellationToken);
        var closed = await stockStorage.DeleteClosedKeptUntilBeforeAsync(now, cancellationToken);
        return new StorageCleanup(answers, empty, pages, reservations, movements, closed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.CleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await CleanUpAsync(stoppingToken);
                if (deleted.Total > 0)
                {
                    LogDeleted(deleted.IdempotencyAnswers, deleted.EndedReservations, deleted.Movements, deleted.ClosedAtPairs, deleted.UnlistedPages, deleted.EmptyRows);
                }
            }
            catch (DbException e)
            {
                // The database may be briefly away; the next period tries again.
                LogFailed(e);
            }
        }
    }

    /// <summary>Hold pages in grain storage older than the grace period that their pair's row there does not list.</summary>
    private async Task<List<StoredRow>> UnlistedPagesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT p.graintypestring, p.grainidn0, p.grainidn1, p.grainidextensionstring, p.version, s.payloadbinary
            FROM orleansstorage p
            LEFT JOIN orleansstorage s
                ON s.serviceid = p.serviceid AND s.graintypestring = '{StockStore.StateName}' AND s.grainidn0 = p.grainidn0
                AND s.grainidn1 = p.grainidn1 AND s.grainidextensionstring = p.grainidextensionstring
            WHERE p.serviceid = @service AND p.graintypestring LIKE '{StockStore.HoldPagePrefix}%'
            AND p.payloadbinary IS NOT NULL AND {OlderThan("p.modifiedon", settings.Value.OrphanGrace)}
            """);
        var unlisted = new List<StoredRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var page = Row(reader);
            if (TryDecode<StockState>(reader, 5, out var pair) && StorageRetention.IsUnlisted(page.Type, pair))
            {
                unlisted.Add(page);
            }
        }

        return unlisted;
    }

    /// <summary>Reservations that ended and were last written longer ago than the retention.</summary>
    private async Task<List<StoredRow>> EndedReservationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, $"""
            SELECT {RowColumns}, payloadbinary FROM orleansstorage
            WHERE serviceid = @service AND graintypestring = 'reservation' AND payloadbinary IS NOT NULL
            AND {OlderThan("modifiedon", settings.Value.ReservationRetention)}
            """);
        var ended = new List<StoredRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (TryDecode<ReservationState>(reader, 5, out var reservation) && reservation is not null && StorageRetention.HasEnded(reservation))
            {
                ended.Add(Row(reader));
            }
        }

        return ended;
    }

    /// <summary>Deletes each row at the version it was read at; returns how many were deleted.</summary>
    private async Task<int> DeleteAsync(DbConnection connection, List<StoredRow> rows, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var chunk in rows.Chunk(DeletesPerTransaction))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var row in chunk)
            {
                await using var command = Command(connection, """
                    DELETE FROM orleansstorage WHERE serviceid = @service AND graintypestring = @type AND grainidn0 = @n0
                    AND grainidn1 = @n1 AND grainidextensionstring = @key AND version = @version
                    """);
                command.Transaction = transaction;
                Add(command, "@type", row.Type);
                Add(command, "@n0", row.N0);
                Add(command, "@n1", row.N1);
                Add(command, "@key", row.Key);
                Add(command, "@version", row.Version);
                deleted += await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// Decodes the payload in column <paramref name="ordinal"/>: a missing one (no row, or NULL) decodes as null; one
    /// that cannot be decoded returns false, and the janitor leaves its rows alone.
    /// </summary>
    private bool TryDecode<T>(DbDataReader reader, int ordinal, out T? value)
        where T : class
    {
        value = null;
        if (reader.IsDBNull(ordinal))
        {
            return true;
        }

        try
        {
            value = serializer.Deserialize<T>((byte[])reader[ordinal]);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUndecodable(e, reader.GetString(0), reader.GetString(3));
            return false;
        }
    }

    private static StoredRow Row(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4));

    private async Task<int> ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@service", cluster.Value.ServiceId);
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    // Both keep the time a row was last written by the database's clock; SQLite as ISO 8601 UTC text, which compares
    // in time order.
    private string OlderThan(string column, TimeSpan age)
    {
        var seconds = ((long)age.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return settings.Value.Provider == StorageProvider.PostgreSQL
            ? $"{column} < now() - interval '{seconds} seconds'"
            : $"{column} < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{seconds} seconds')";
    }

    private sealed record StoredRow(string Type, long N0, long N1, string Key, long Version);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Deleted {Answers} expired Idempotency-Key answers, {Reservations} ended reservations, {Movements} old stock movements, {Closed} ended reservations kept by pairs, {Pages} unlisted hold pages and {Empty} empty rows")]
    private partial void LogDeleted(int answers, int reservations, int movements, int closed, int pages, int empty);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleaning up storage failed")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not decode the state read with the {StateName} row of {GrainKey}; the janitor leaves that row")]
    private partial void LogUndecodable(Exception exception, string stateName, string grainKey);
}
