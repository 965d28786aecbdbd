namespace Inventory.Silo.Storage;

/// <summary>What a column of the stock tables holds, so each provider can bind and read it its own way.</summary>
internal enum StockColumnType
{
    /// <summary>A 64-bit integer (PostgreSQL <c>bigint</c>/<c>integer</c>, SQLite <c>INTEGER</c>).</summary>
    Integer,

    /// <summary>Text (PostgreSQL <c>varchar</c>/<c>text</c>, SQLite <c>TEXT</c>).</summary>
    Text,

    /// <summary>A point in time (PostgreSQL <c>timestamptz</c>, SQLite microseconds since 1970 UTC).</summary>
    Time,

    /// <summary>Serialized bytes (PostgreSQL <c>bytea</c>, SQLite <c>BLOB</c>).</summary>
    Binary,
}
