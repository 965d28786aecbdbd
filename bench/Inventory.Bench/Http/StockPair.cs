namespace Inventory.Bench.Http;

/// <summary>A SKU at a location, with its routes built once (the read loops must not format strings per request).</summary>
public sealed record StockPair(string Location, string Sku)
{
    public Uri StockPath { get; } = new($"/v1/stock/{Location}/{Sku}", UriKind.Relative);
    public Uri ReceiptsPath { get; } = new($"/v1/stock/{Location}/{Sku}/receipts", UriKind.Relative);
    public string AvailabilityPath { get; } = $"/v1/availability/{Location}/{Sku}";

    /// <summary><paramref name="count"/> pairs spread over a few locations: BENCH-L0/BENCH-00000, BENCH-L1/BENCH-00001, …</summary>
    public static IReadOnlyList<StockPair> Many(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new StockPair($"BENCH-L{i % 4}", $"BENCH-{i:D5}"))];
}
