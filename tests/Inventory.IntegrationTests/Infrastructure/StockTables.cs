using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>The stock tables of a test cluster, read (or written) the way the stock grains do, without waking any of them.</summary>
public static class StockTables
{
    /// <summary>The primary silo's stock storage.</summary>
    public static IStockStorage StockStorage(this ClusterFixture fixture) =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services.GetRequiredService<IStockStorage>();

    /// <summary>The pair's stored row (holds sealed into pages are not in it), or an empty one.</summary>
    public static async Task<StockState> StoredRowAsync(this ClusterFixture fixture, StockKey key) =>
        (await fixture.StockStorage().ReadAsync(key))?.Row ?? new StockState();
}
