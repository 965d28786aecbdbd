using System.Runtime.CompilerServices;
using Inventory.Channels;
using Inventory.Stock;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Inventory.Silo.Storage;

/// <summary>
/// Reads every pair's stored stock state straight from the grain storage table (the rows the stock grains wrote,
/// decoded with the same serializer), so reconciliation sees all acknowledged changes without activating a grain.
/// Quantities and versions are exact; the snapshot's hold count covers only the holds kept in the pair's own row,
/// not those sealed into pages (see <see cref="HoldPaging"/>), which reconciliation does not need.
/// </summary>
public sealed class StoredStockCatalog(
    IOptions<StorageOptions> storage,
    IOptions<ClusterOptions> cluster,
    IOptions<StockOptions> stockOptions,
    Serializer serializer) : IStockCatalog
{
    // The stock grains' state name; the grain id's string key (the StockKey) is kept in the extension column.
    private const string Sql = $"""
        SELECT grainidextensionstring, payloadbinary FROM orleansstorage
        WHERE serviceid = @service AND graintypestring = '{StockStore.StateName}' AND payloadbinary IS NOT NULL
        """;

    public async IAsyncEnumerable<StockSnapshot> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = storage.Value.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        var service = command.CreateParameter();
        service.ParameterName = "@service";
        service.Value = cluster.Value.ServiceId;
        command.Parameters.Add(service);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!StockKey.TryParse(reader.GetString(0), out var key))
            {
                continue;
            }

            if (serializer.Deserialize<StockState>((byte[])reader[1]) is not { } state)
            {
                continue;
            }

            yield return new StockLedger(key, state, stockOptions.Value).Snapshot();
        }
    }
}
