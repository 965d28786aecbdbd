using Inventory.Reservations;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;

namespace Inventory.Silo.Hosting;

/// <summary>Composes an inventory silo from its parts; <c>Program.cs</c> only calls these.</summary>
public static class InventorySiloExtensions
{
    /// <summary>
    /// A complete silo on the embedded default: localhost clustering on the configured ports, the inventory grains
    /// with their storage and streams, and the dashboard.
    /// </summary>
    public static ISiloBuilder AddInventorySilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        Validate(cluster);
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        silo.AddDashboard();
        return silo.AddInventoryGrains(configuration);
    }

    /// <summary>
    /// The inventory grains and what they need (options, grain storage, the stock stream), without clustering,
    /// so test clusters can host them too.
    /// </summary>
    public static ISiloBuilder AddInventoryGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<StockOptions>().Bind(configuration.GetSection(StockOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddOptions<ReservationOptions>().Bind(configuration.GetSection(ReservationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.TryAddSingleton(TimeProvider.System);

        silo.AddInventoryStorage(configuration);
        silo.AddMemoryStreams(InventoryNames.StreamProvider);
        // Consumers subscribe implicitly; explicit pub-sub bookkeeping needs no durability here.
        silo.AddMemoryGrainStorage(InventoryNames.PubSubStorage);
        return silo;
    }

    private static ISiloBuilder AddInventoryStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<StorageSettings>().Bind(configuration.GetSection(StorageSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstaller>();
        silo.AddAdoNetGrainStorage(InventoryNames.GrainStorage, (OptionsBuilder<AdoNetGrainStorageOptions> storage) => storage
            .Configure<IOptions<StorageSettings>, IServiceProvider>((options, settings, services) =>
            {
                // "System.Data.SQLite" is the provider's name for SQLite; it maps to Microsoft.Data.Sqlite.
                options.Invariant = "System.Data.SQLite";
                options.ConnectionString = settings.Value.EffectiveConnectionString;
                // Compact binary state with version-tolerant [Id]s and stable [Alias] type names.
                options.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
            }));
        return silo;
    }

    private static void Validate(ClusterSettings cluster)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(cluster, new(cluster), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(ClusterSettings.Section, typeof(ClusterSettings),
                results.Select(r => $"{ClusterSettings.Section}: {r.ErrorMessage}"));
        }
    }
}
