namespace Inventory.Channels;

/// <summary>One full resync: every stored pair compared with what the channel acknowledged.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ReconcileResult")]
public sealed record ReconcileResult(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] TimeSpan Duration,
    [property: Id(2)] int PairsScanned,
    [property: Id(3)] int PairsQueued);
