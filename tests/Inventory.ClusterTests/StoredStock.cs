using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace Inventory.ClusterTests;

/// <summary>
/// Reads the stock state a cluster stored in PostgreSQL, decoding it as the grains do, so a test can see what the
/// grains did on their own without calling (and so waking) any of them.
/// </summary>
public static class StoredStock
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    public static async Task<IReadOnlyList<StockState>> ReadAllAsync(string serviceId)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresForTests);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT payloadbinary FROM orleansstorage WHERE serviceid = @service AND graintypestring = '{StockStore.StateName}' AND payloadbinary IS NOT NULL;",
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        var states = new List<StockState>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            states.Add(Serializer.Deserialize<StockState>((byte[])reader[0]) ?? throw new InvalidDataException("empty stock state"));
        }

        return states;
    }
}
