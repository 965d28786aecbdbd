using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Inventory.Silo.Storage;

/// <summary>Where grain state lives (section <c>Inventory:Storage</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Inventory:Storage";

    /// <summary>The embedded default's data folder: <c>~/.local/share/inventory-service</c> on Linux.</summary>
    public static string DefaultDataDirectory { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "inventory-service");

    /// <summary><c>Sqlite</c> (embedded default) or <c>PostgreSQL</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>SQLite: folder of the file <c>inventory.db</c>; created if missing.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>A full connection string: required for PostgreSQL; for SQLite it overrides <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL: write the grains' states through <see cref="BatchingPostgresGrainStorage"/> (many grains per
    /// statement) instead of the ADO.NET provider's one statement per write. Same table, same guarantees. Grain storage
    /// only: stock pairs are always written in batches (<see cref="PostgresStockStorage"/>).
    /// </summary>
    public bool BatchWrites { get; set; } = true;

    /// <summary>
    /// How long a stored Idempotency-Key answer is kept before it is deleted; keep it longer than the API's
    /// <c>Inventory:Api:Idempotency:Window</c>.
    /// </summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// How long an ended reservation (released, expired, rejected, fulfilled, cancelled) is kept after its last change:
    /// until then its id still answers, and a create repeated with that id holds nothing twice. Committed
    /// reservations are open orders and are kept.
    /// </summary>
    public TimeSpan ReservationRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How old a grain storage row that nothing refers to must be before it is deleted: a hold page no pair lists (from
    /// before the stock tables, when a page was written just before the row that lists it, so a younger one may be
    /// listed in a moment; a pair moved to the stock tables leaves its old pages unlisted) or a row without a payload.
    /// </summary>
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each silo deletes what is no longer needed.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The connection string actually used.</summary>
    public string EffectiveConnectionString => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"Data Source={Path.Combine(DataDirectory, "inventory.db")};Default Timeout=30;Pooling=True"
        : ConnectionString;

    /// <summary>A new (closed) connection to the configured database, for the silo's own queries.</summary>
    public DbConnection CreateConnection() => Provider == StorageProvider.PostgreSQL
        ? new NpgsqlConnection(EffectiveConnectionString)
        : new SqliteConnection(EffectiveConnectionString);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.PostgreSQL && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                "Provider is PostgreSQL, so ConnectionString (e.g. 'Host=db;Username=inventory;Password=…;Database=inventory') is required.",
                [nameof(ConnectionString)]);
        }

        if (IdempotencyRetention < TimeSpan.FromMinutes(1) || CleanupInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("IdempotencyRetention must be at least 1 minute and CleanupInterval at least 1 second.",
                [nameof(IdempotencyRetention), nameof(CleanupInterval)]);
        }

        if (ReservationRetention < TimeSpan.FromHours(1) || OrphanGrace < TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("ReservationRetention must be at least 1 hour and OrphanGrace at least 1 minute.",
                [nameof(ReservationRetention), nameof(OrphanGrace)]);
        }

        if (Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return new ValidationResult("Provider is Sqlite, so DataDirectory or ConnectionString is required.", [nameof(DataDirectory)]);
        }
    }
}
