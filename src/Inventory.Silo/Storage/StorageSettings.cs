using System.ComponentModel.DataAnnotations;

namespace Inventory.Silo.Storage;

/// <summary>Where grain state lives (section <c>Inventory:Storage</c>).</summary>
public sealed class StorageSettings : IValidatableObject
{
    public const string Section = "Inventory:Storage";

    /// <summary>The embedded default's data folder: <c>~/.local/share/inventory-service</c> on Linux.</summary>
    public static string DefaultDataDirectory { get; } = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        "inventory-service");

    /// <summary>The storage engine. Only <c>Sqlite</c> (the embedded default) so far.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Folder of the SQLite file <c>inventory.db</c>; created if missing.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>A full connection string; overrides <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The connection string actually used.</summary>
    public string EffectiveConnectionString => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"Data Source={Path.Combine(DataDirectory, "inventory.db")};Default Timeout=30;Pooling=True"
        : ConnectionString;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Inventory:Storage:Provider '{Provider}' is not supported; use 'Sqlite'.", [nameof(Provider)]);
        }

        if (string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return new ValidationResult("Inventory:Storage needs a DataDirectory or a ConnectionString.", [nameof(DataDirectory)]);
        }
    }
}
