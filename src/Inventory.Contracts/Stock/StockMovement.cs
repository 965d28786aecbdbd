namespace Inventory.Stock;

/// <summary>
/// One immutable entry of a pair's movement ledger: a change of <c>onHand</c>, <c>committed</c>, <c>damaged</c> or
/// <c>safetyStock</c>, stored atomically with the change itself. Holds, releases and expiries are not movements (they
/// are the reservation's life); a commit is.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.StockMovement")]
public sealed record StockMovement
{
    /// <summary>Gapless per pair, starting at 1.</summary>
    [Id(0)] public required long Sequence { get; init; }

    /// <summary>What kind of change it records.</summary>
    [Id(1)] public required StockMovementKind Kind { get; init; }

    /// <summary>What the movement changed.</summary>
    [Id(2)] public required StockQuantities Delta { get; init; }

    /// <summary>The quantities right after it: the previous movement's <see cref="After"/> plus <see cref="Delta"/>.</summary>
    [Id(3)] public required StockQuantities After { get; init; }

    /// <summary>An adjustment's reason code (see <see cref="AdjustmentReasons"/>).</summary>
    [Id(4)] public string? Reason { get; init; }

    /// <summary>Free text given with an adjustment.</summary>
    [Id(5)] public string? Note { get; init; }

    /// <summary>The reservation, order or feed operation behind the movement.</summary>
    [Id(6)] public string? Reference { get; init; }

    /// <summary>The API key that asked for it, or <c>system</c>.</summary>
    [Id(7)] public string? Actor { get; init; }

    /// <summary>When it happened in the warehouse (a count's <c>asOf</c>; given by feeds, else the time it was recorded).</summary>
    [Id(8)] public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>When the pair recorded it.</summary>
    [Id(9)] public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>A count's variance: the new onHand minus the onHand before it.</summary>
    [Id(10)] public long? Variance { get; init; }
}
