namespace Inventory.Idempotency;

/// <summary>The answer to <see cref="IIdempotencyGrain.BeginAsync"/>; <see cref="Response"/> is set for a replay.</summary>
[GenerateSerializer, Immutable, Alias("inventory.IdempotencyClaim")]
public sealed record IdempotencyClaim([property: Id(0)] IdempotencyOutcome Outcome, [property: Id(1)] StoredResponse? Response = null);
