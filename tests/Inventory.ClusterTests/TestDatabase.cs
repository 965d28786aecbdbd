using System.Globalization;
using Npgsql;

namespace Inventory.ClusterTests;

/// <summary>A PostgreSQL database of one test on the test server, migrated to this build's schema, dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _name;

    private TestDatabase(string name)
    {
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgresForTests) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string prefix)
    {
        var database = new TestDatabase($"{prefix}_{Guid.NewGuid():N}");
        await ExecuteAsync(TestServers.PostgresForTests, $"CREATE DATABASE {database._name}");
        await Inventory.Silo.Storage.PostgresSchema.MigrateAsync(database.ConnectionString);
        return database;
    }

    public Task<int> ExecuteAsync(string sql) => ExecuteAsync(ConnectionString, sql);

    /// <summary>The first column of every row, as numbers.</summary>
    public async Task<List<long>> ReadNumbersAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToInt64(reader[0], CultureInfo.InvariantCulture));
        }

        return values;
    }

    /// <summary>Rows of the grain storage table of <paramref name="serviceId"/> by state name, page names folded into one.</summary>
    public async Task<Dictionary<string, long>> CountRowsByTypeAsync(string serviceId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT CASE WHEN graintypestring LIKE 'stock-holds-%' THEN 'stock-holds-*' ELSE graintypestring END, COUNT(*)
            FROM orleansstorage WHERE serviceid = @service GROUP BY 1
            """, connection);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync(TestServers.PostgresForTests, $"DROP DATABASE {_name} WITH (FORCE)");

    private static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }
}
