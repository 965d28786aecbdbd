namespace Inventory.Silo.Storage;

/// <summary>Where grain state lives.</summary>
public enum StorageProvider
{
    /// <summary>A local SQLite file: the embedded default.</summary>
    Sqlite = 0,

    /// <summary>PostgreSQL: the production topology.</summary>
    PostgreSQL = 1,
}
