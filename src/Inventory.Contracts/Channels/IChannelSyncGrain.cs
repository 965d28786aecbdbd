using Inventory.Stock;

namespace Inventory.Channels;

/// <summary>Pushes a pair's availability to the sales channels from the stock stream.</summary>
[Alias("inventory.IChannelSyncGrain")]
public interface IChannelSyncGrain : IStockChangeConsumer;
