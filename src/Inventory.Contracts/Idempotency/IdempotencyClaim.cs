namespace Inventory.Idempotency;

/// <summary>
/// The answer to <see cref="IIdempotencyGrain.BeginAsync"/>; <see cref="Response"/> is set for a replay, and
/// <see cref="Token"/> for <see cref="IdempotencyOutcome.Proceed"/>: the claim's owner presents it to complete or abandon.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.IdempotencyClaim")]
public sealed record IdempotencyClaim(
    [property: Id(0)] IdempotencyOutcome Outcome,
    [property: Id(1)] StoredResponse? Response = null,
    [property: Id(2)] Guid Token = default);
