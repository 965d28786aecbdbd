namespace Inventory.Stock;

/// <summary>All quantities of one pair at one version.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockSnapshot")]
public sealed record StockSnapshot
{
    /// <summary>The pair.</summary>
    [Id(0)] public required StockKey Key { get; init; }

    /// <summary>False until the pair's first durable change: an unknown pair.</summary>
    [Id(1)] public bool Exists { get; init; }

    /// <summary>Increases by one on every change.</summary>
    [Id(2)] public long Version { get; init; }

    /// <summary>Physically in the location.</summary>
    [Id(3)] public long OnHand { get; init; }

    /// <summary>Held by live checkout reservations.</summary>
    [Id(4)] public long Reserved { get; init; }

    /// <summary>Sold, not yet shipped.</summary>
    [Id(5)] public long Committed { get; init; }

    /// <summary>Kept back from online sale.</summary>
    [Id(6)] public long SafetyStock { get; init; }

    /// <summary>Returned units that cannot be resold.</summary>
    [Id(7)] public long Damaged { get; init; }

    /// <summary>onHand − reserved − committed − safetyStock, floored at 0.</summary>
    [Id(8)] public long Available { get; init; }

    /// <summary>How far reserved + committed exceeds onHand after a count or adjustment (0 when all is covered): the units of short holds plus <see cref="Backordered"/>.</summary>
    [Id(9)] public long Shortfall { get; init; }

    /// <summary>In stock, low or out of stock.</summary>
    [Id(10)] public AvailabilityStatus Status { get; init; }

    /// <summary>Number of live holds.</summary>
    [Id(11)] public int ActiveHolds { get; init; }

    /// <summary><c>asOf</c> of the last applied warehouse count, if any.</summary>
    [Id(12)] public DateTimeOffset? LastCountAsOf { get; init; }

    /// <summary>Warehouse counts ignored because they were older than the last applied one.</summary>
    [Id(13)] public long StaleCountsIgnored { get; init; }

    /// <summary>Feed operations ignored because their operation id was already applied.</summary>
    [Id(14)] public long DuplicatesIgnored { get; init; }

    /// <summary>Time of the last change.</summary>
    [Id(15)] public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Committed (sold) units beyond onHand: sold, but not there to ship.</summary>
    [Id(16)] public long Backordered { get; init; }

    /// <summary>Sequence of the pair's last movement (0: none yet).</summary>
    [Id(17)] public long MovementSequence { get; init; }
}
