using System.Data.Common;
using Inventory.Stock;

namespace Inventory.Silo.Storage;

/// <summary>
/// What <c>Inventory.Silo verify</c> runs (and the tests call): walks every pair's retained movements in one pass and
/// reports each pair whose movements do not chain or do not end at its stored quantities (see
/// <see cref="MovementChain"/>). One statement, so one consistent snapshot on both providers while writes go on.
/// Read-only; reads the columns, decodes nothing.
/// </summary>
public static class StockLedgerCheck
{
    private const string Sql = """
        SELECT s.location, s.sku, s.on_hand, s.committed, s.damaged, s.safety_stock, s.movement_seq,
               m.seq, m.on_hand_delta, m.committed_delta, m.damaged_delta, m.safety_stock_delta,
               m.on_hand_after, m.committed_after, m.damaged_after, m.safety_stock_after
        FROM inventory_stock s
        LEFT JOIN inventory_stock_movements m ON m.service = s.service AND m.location = s.location AND m.sku = s.sku
        WHERE s.service = @service
        ORDER BY s.location, s.sku, m.seq
        """;

    /// <summary>Checks every pair of <paramref name="serviceId"/> in <paramref name="storage"/>'s database.</summary>
    public static async Task<StockLedgerReport> RunAsync(StorageOptions storage, string serviceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        await using var connection = storage.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        var service = command.CreateParameter();
        service.ParameterName = "@service";
        service.Value = serviceId;
        command.Parameters.Add(service);

        var checkedPairs = 0;
        var broken = new List<BrokenPair>();
        StockKey? pair = null;
        var chain = new MovementChain();
        (StockQuantities Quantities, long Sequence) stored = default;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new StockKey(reader.GetString(0), reader.GetString(1));
            if (key != pair)
            {
                Finish();
                (pair, chain, checkedPairs) = (key, new MovementChain(), checkedPairs + 1);
                stored = (Quantities(reader, 2), reader.GetInt64(6));
            }

            if (!reader.IsDBNull(7))
            {
                chain.Add(reader.GetInt64(7), Quantities(reader, 8), Quantities(reader, 12));
            }
        }

        Finish();
        return new StockLedgerReport(checkedPairs, broken);

        void Finish()
        {
            if (pair is { } done && chain.Problem(stored.Quantities, stored.Sequence) is { } problem)
            {
                broken.Add(new BrokenPair(done, problem));
            }
        }
    }

    // on_hand, committed, damaged, safety_stock from the given column on, in that order.
    private static StockQuantities Quantities(DbDataReader reader, int first) =>
        new(reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3));
}
