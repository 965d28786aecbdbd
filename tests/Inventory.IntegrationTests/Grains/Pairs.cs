using Inventory.Stock;

namespace Inventory.IntegrationTests.Grains;

/// <summary>Fresh pairs per test, so tests sharing a cluster never see each other's stock.</summary>
public static class Pairs
{
    public static StockKey New(string location = "WH-T") => new(location, $"SKU-{Guid.NewGuid():N}");

    public static IStockGrain Stock(this IGrainFactory grains, StockKey key) => grains.GetGrain<IStockGrain>(key.ToString());

    public static async Task<StockKey> SeedAsync(this IGrainFactory grains, long onHand, DateTimeOffset asOf, string location = "WH-T")
    {
        var key = New(location);
        var result = await grains.Stock(key).SetCountAsync(new StockCount(onHand, 0, asOf));
        Assert.Equal(StockFeedOutcome.Applied, result.Outcome);
        return key;
    }
}
