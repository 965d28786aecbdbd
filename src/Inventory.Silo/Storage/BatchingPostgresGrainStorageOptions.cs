using Orleans.Storage;

namespace Inventory.Silo.Storage;

/// <summary>
/// Options of a <see cref="BatchingPostgresGrainStorage"/>, named after the storage they configure (see
/// <see cref="BatchingPostgresGrainStorageExtensions.AddBatchingPostgresGrainStorage"/>).
/// </summary>
public sealed class BatchingPostgresGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The PostgreSQL database whose <c>orleansstorage</c> table holds the states.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How states are stored in a row's payload; the silo's default grain storage serializer when not set.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
