namespace Inventory.Stock;

/// <summary>What a stock-change consumer has seen for one pair.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ObservedChanges")]
public sealed record ObservedChanges(
    [property: Id(0)] long LastVersion,
    [property: Id(1)] long Received,
    [property: Id(2)] long OutOfOrderDropped,
    [property: Id(3)] long Gaps,
    [property: Id(4)] IReadOnlyList<long> RecentVersions);
