using Npgsql;

namespace Inventory.ClusterTests;

/// <summary>
/// Reads the stock a cluster stored in PostgreSQL, from the stock table's columns, so a test can see what the grains
/// did on their own without calling (and so waking) any of them.
/// </summary>
public static class StoredStock
{
    /// <summary>One stored pair: what it holds and how many holds.</summary>
    public sealed record Pair(string Location, string Sku, long Reserved, int ActiveHolds);

    public static async Task<IReadOnlyList<Pair>> ReadAllAsync(string serviceId)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresForTests);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT location, sku, reserved, active_holds FROM inventory_stock WHERE service = @service;", connection);
        command.Parameters.AddWithValue("service", serviceId);
        var pairs = new List<Pair>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pairs.Add(new Pair(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3)));
        }

        return pairs;
    }
}
