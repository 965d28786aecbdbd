using Microsoft.Extensions.Options;

namespace Inventory.Silo.Storage;

/// <summary>Runs <see cref="SqliteSchema.EnsureCreatedAsync"/> early in silo start-up, before grain storage initializes.</summary>
internal sealed class SchemaInstaller(IOptions<StorageSettings> settings) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaInstaller), ServiceLifecycleStage.RuntimeInitialize,
            cancellationToken => SqliteSchema.EnsureCreatedAsync(settings.Value.EffectiveConnectionString, cancellationToken));
}
