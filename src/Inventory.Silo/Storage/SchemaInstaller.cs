using Microsoft.Extensions.Options;

namespace Inventory.Silo.Storage;

/// <summary>Creates or upgrades the storage schema early in silo start-up, before grain storage initializes.</summary>
public sealed class SchemaInstaller(IOptions<StorageOptions> settings) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstaller), ServiceLifecycleStage.RuntimeInitialize, InstallAsync);

    private Task InstallAsync(CancellationToken cancellationToken) => MigrateAsync(settings.Value, cancellationToken);

    /// <summary>Brings the configured database's schema up to date (also what <c>Inventory.Silo migrate</c> runs).</summary>
    public static Task MigrateAsync(StorageOptions storage, CancellationToken cancellationToken = default) => storage.Provider switch
    {
        StorageProvider.PostgreSQL => PostgresSchema.MigrateAsync(storage.EffectiveConnectionString, cancellationToken),
        _ => SqliteSchema.EnsureCreatedAsync(storage.EffectiveConnectionString, cancellationToken),
    };
}
