using Microsoft.Extensions.Options;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Inventory.Silo.Storage;

/// <summary>Adds a <see cref="BatchingPostgresGrainStorage"/> to a silo, the way Orleans' own grain storage providers are added.</summary>
public static class BatchingPostgresGrainStorageExtensions
{
    /// <summary>
    /// Adds a <see cref="BatchingPostgresGrainStorage"/> as the grain storage named <paramref name="name"/>, configured by
    /// the <see cref="BatchingPostgresGrainStorageOptions"/> of that name. It joins the silo's lifecycle: it starts with
    /// the silo and, when the silo stops, settles every write it accepted.
    /// </summary>
    public static ISiloBuilder AddBatchingPostgresGrainStorage(
        this ISiloBuilder silo, string name, Action<OptionsBuilder<BatchingPostgresGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(silo.Services.AddOptions<BatchingPostgresGrainStorageOptions>(name));
        silo.Services.AddTransient<IPostConfigureOptions<BatchingPostgresGrainStorageOptions>,
            DefaultStorageProviderSerializerOptionsConfigurator<BatchingPostgresGrainStorageOptions>>();
        // Registered as its own type, so Orleans also registers it as a participant of the silo lifecycle.
        silo.Services.AddGrainStorage(name, static (services, name) => ActivatorUtilities.CreateInstance<BatchingPostgresGrainStorage>(
            services, name, services.GetRequiredService<IOptionsMonitor<BatchingPostgresGrainStorageOptions>>().Get(name)));
        return silo;
    }
}
