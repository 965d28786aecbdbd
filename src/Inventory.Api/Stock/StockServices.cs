using Inventory.Api.Hosting;
using Inventory.Stock;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Stock;

/// <summary>What the stock handlers use, bound with <c>[AsParameters]</c>.</summary>
public sealed record StockServices(IGrainFactory Grains, IOptions<TimeBudgetOptions> Budgets)
{
    public IStockGrain Grain(StockKey key) => Grains.GetGrain<IStockGrain>(key.ToString());

    /// <summary>A stateless worker: the silo that receives the call answers it from storage.</summary>
    public IStockQueryGrain Queries => Grains.GetGrain<IStockQueryGrain>(0);
}
