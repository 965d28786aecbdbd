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
