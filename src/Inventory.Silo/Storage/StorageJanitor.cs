using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Inventory.Silo.Storage;

/// <summary>
/// Deletes stored Idempotency-Key answers once they are older than <see cref="StorageOptions.IdempotencyRetention"/>:
/// a key's grain ignores an expired answer anyway, but without this every key ever used would keep a row. Runs on every
/// silo every <see cref="StorageOptions.CleanupInterval"/>; concurrent runs only delete the same rows.
/// </summary>
public sealed partial class StorageJanitor(
    IOptions<StorageOptions> settings,
    IOptions<ClusterOptions> cluster,
    ILogger<StorageJanitor> logger) : BackgroundService
{
    /// <summary>Deletes the expired rows now; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var storage = settings.Value;
        var seconds = ((long)storage.IdempotencyRetention.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await using var connection = storage.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // SQLite keeps ModifiedOn as ISO 8601 UTC text, which compares in time order.
        command.CommandText = storage.Provider == StorageProvider.PostgreSQL
            ? $"DELETE FROM orleansstorage WHERE serviceid = @service AND graintypestring = 'idempotency' AND modifiedon < now() - interval '{seconds} seconds'"
            : $"DELETE FROM OrleansStorage WHERE ServiceId = @service AND GrainTypeString = 'idempotency' AND ModifiedOn < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-{seconds} seconds')";
        var service = command.CreateParameter();
        service.ParameterName = "@service";
        service.Value = cluster.Value.ServiceId;
        command.Parameters.Add(service);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.CleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await DeleteExpiredAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogDeleted(deleted);
                }
            }
            catch (DbException e)
            {
                // The database may be briefly away; the next period tries again.
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired Idempotency-Key answers")]
    private partial void LogDeleted(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired Idempotency-Key answers failed")]
    private partial void LogFailed(Exception exception);
}
