using Inventory.Channels;
using Inventory.Stock;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Inventory.Silo.Storage;

/// <summary>Adds the stock tables' storage to a silo, the way Orleans' own storage providers are added.</summary>
public static class StockStorageExtensions
{
    /// <summary>
    /// Adds the <see cref="StockStorage"/> of <paramref name="storage"/>'s provider, as the silo's
    /// <see cref="IStockStorage"/> (the stock grains' storage) and <see cref="IStockCatalog"/> (every pair's stored
    /// snapshot, for reconciliation). It joins the silo's lifecycle: it starts with the silo and, when the silo stops,
    /// settles every write it accepted.
    /// </summary>
    public static ISiloBuilder AddStockStorage(this ISiloBuilder silo, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(storage);
        silo.Services.AddSingleton<StockStorage>(services => Create(storage, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            services.GetRequiredService<Serializer>(), services.GetRequiredService<IOptions<StockOptions>>().Value));
        silo.Services.AddSingleton<IStockStorage>(services => services.GetRequiredService<StockStorage>());
        silo.Services.AddSingleton<IStockCatalog>(services => services.GetRequiredService<StockStorage>());
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<StockStorage>());
        return silo;
    }

    /// <summary>The storage of <paramref name="storage"/>'s provider for <paramref name="serviceId"/>, not yet started.</summary>
    public static StockStorage Create(StorageOptions storage, string serviceId, Serializer serializer, StockOptions options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Provider == StorageProvider.PostgreSQL
            ? new PostgresStockStorage(storage.EffectiveConnectionString, serviceId, serializer, options)
            : new SqliteStockStorage(storage.EffectiveConnectionString, serviceId, serializer, options);
    }
}
