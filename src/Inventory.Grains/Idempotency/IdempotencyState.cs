namespace Inventory.Idempotency;

/// <summary>A completed request's fingerprint and answer, until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Alias("inventory.IdempotencyState")]
public sealed class IdempotencyState
{
    [Id(0)] public string? Fingerprint { get; set; }
    [Id(1)] public StoredResponse? Response { get; set; }
    [Id(2)] public DateTimeOffset ExpiresAt { get; set; }
}
