using System.Text.Json;

namespace Inventory.Bench.Http;

/// <summary>The quantities of a pair as <c>GET /v1/stock/…</c> reports them (what the stock grain holds and stored).</summary>
public sealed record StockQuantities(long OnHand, long Reserved, long Committed, long Available, long Shortfall, int ActiveHolds)
{
    /// <summary>No quantity negative, nothing promised beyond what is on hand.</summary>
    public bool Consistent => OnHand >= 0 && Reserved >= 0 && Committed >= 0 && Available >= 0 && Reserved + Committed <= OnHand;

    public static StockQuantities Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        return new StockQuantities(
            root.GetProperty("onHand").GetInt64(),
            root.GetProperty("reserved").GetInt64(),
            root.GetProperty("committed").GetInt64(),
            root.GetProperty("available").GetInt64(),
            root.GetProperty("shortfall").GetInt64(),
            root.GetProperty("activeHolds").GetInt32());
    }

    public override string ToString() =>
        $"onHand {OnHand}, reserved {Reserved}, committed {Committed}, available {Available}, shortfall {Shortfall}, holds {ActiveHolds}";
}
