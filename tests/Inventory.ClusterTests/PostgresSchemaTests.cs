using Inventory.Silo.Storage;
using Npgsql;

namespace Inventory.ClusterTests;

[Collection(FailureTests.Name)]
public class PostgresSchemaTests
{
    [Fact]
    public async Task MigratingAFreshDatabaseTwiceAndConcurrentlyEndsAtTheLatestVersionOnce()
    {
        var database = $"schema_{Guid.NewGuid():N}";
        await ExecuteAsync(TestServers.PostgresForTests, $"CREATE DATABASE {database}");
        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgresForTests) { Database = database }.ConnectionString;
        try
        {
            var found = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => PostgresSchema.MigrateAsync(connectionString)));
            var again = await PostgresSchema.MigrateAsync(connectionString);

            // Exactly one of the concurrent runs found an empty database; the others waited for it and found it done.
            Assert.Equal([0, PostgresSchema.Version, PostgresSchema.Version], found.Order());
            Assert.Equal(PostgresSchema.Version, again);
            Assert.Equal(Enumerable.Range(1, PostgresSchema.Version).Select(v => (long)v),
                await ReadAsync(connectionString, "SELECT version FROM inventory_schema_version ORDER BY version"));
            Assert.Equal(11, (await ReadAsync(connectionString, "SELECT COUNT(*) FROM orleansquery")).Single());
        }
        finally
        {
            await ExecuteAsync(TestServers.PostgresForTests, $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    /// <summary>Migration 3 widens the versions of a database in use (made here from today's schema, taken back to version 2) and keeps its rows.</summary>
    [Fact]
    public async Task ADatabaseWithIntegerVersionsIsUpgradedToBigintAndKeepsItsRows()
    {
        var database = $"schema_{Guid.NewGuid():N}";
        await ExecuteAsync(TestServers.PostgresForTests, $"CREATE DATABASE {database}");
        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgresForTests) { Database = database }.ConnectionString;
        try
        {
            await PostgresSchema.MigrateAsync(connectionString);
            await ExecuteAsync(connectionString, """
                ALTER TABLE orleansstorage ALTER COLUMN version TYPE integer;
                DROP TABLE inventory_stock, inventory_stock_pages, inventory_stock_movements, inventory_stock_orders, inventory_stock_closed;
                DELETE FROM inventory_schema_version WHERE version >= 3;
                INSERT INTO orleansstorage (serviceid, graintypestring, grainidn0, grainidn1, grainidextensionstring, grainidhash,
                                            graintypehash, payloadbinary, version)
                VALUES ('s', 'stock', 0, 0, 'WH1/SKU-1', 0, 0, '\x01', 2147483647);
                """);

            var found = await PostgresSchema.MigrateAsync(connectionString);

            Assert.Equal(2, found);
            // A bigint takes 8 bytes, an integer 4.
            Assert.Equal([2_147_483_647L, 8L], await ReadAsync(connectionString,
                "SELECT version FROM orleansstorage UNION ALL SELECT pg_column_size(version) FROM orleansstorage"));
        }
        finally
        {
            await ExecuteAsync(TestServers.PostgresForTests, $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task ADatabaseFromANewerBuildIsRefusedWithAClearMessage()
    {
        var database = $"schema_{Guid.NewGuid():N}";
        await ExecuteAsync(TestServers.PostgresForTests, $"CREATE DATABASE {database}");
        var connectionString = new NpgsqlConnectionStringBuilder(TestServers.PostgresForTests) { Database = database }.ConnectionString;
        try
        {
            await PostgresSchema.MigrateAsync(connectionString);
            await ExecuteAsync(connectionString, "INSERT INTO inventory_schema_version (version, description) VALUES (999, 'from the future')");

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.MigrateAsync(connectionString));

            Assert.Contains("newer than this build", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            await ExecuteAsync(TestServers.PostgresForTests, $"DROP DATABASE {database} WITH (FORCE)");
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<long>> ReadAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<long>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToInt64(reader[0], System.Globalization.CultureInfo.InvariantCulture));
        }

        return values;
    }
}
