namespace Inventory.Stock;

/// <summary>Reply to <see cref="HoldRequest"/>.</summary>
[GenerateSerializer, Immutable, Alias("inventory.HoldResult")]
public sealed record HoldResult(
    [property: Id(0)] HoldOutcome Outcome,
    [property: Id(1)] long Available,
    [property: Id(2)] long Version);
