namespace Inventory.Stock;

/// <summary>
/// The persisted state of one pair. <see cref="Reserved"/> is kept alongside the holds it sums so reads are O(1);
/// <see cref="StockLedger"/> keeps the two equal and checks it on load.
/// </summary>
[GenerateSerializer, Alias("inventory.StockState")]
public sealed class StockState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public long OnHand { get; set; }
    [Id(2)] public long Reserved { get; set; }
    [Id(3)] public long Committed { get; set; }
    [Id(4)] public long SafetyStock { get; set; }
    [Id(5)] public long Damaged { get; set; }

    /// <summary>
    /// Live holds by reservation id. In memory: all of them. As stored: only those not kept in a sealed page of
    /// <see cref="HoldPages"/> (see <see cref="HoldPaging"/>).
    /// </summary>
    [Id(6)] public Dictionary<string, HeldUnits> Holds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Committed (sold, not shipped) units by reservation id, as rows stored before open orders had a table of their own
    /// kept them; read only (<see cref="StockLedger"/> moves them there). Open orders are in storage's order index.
    /// </summary>
    [Id(7)] public Dictionary<string, long> CommittedByReservation { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Reservations that ended here, as rows stored before they had a table of their own kept them; read only
    /// (<see cref="StockLedger"/> moves them there).
    /// </summary>
    [Id(8)] public Dictionary<string, ClosedReservation> Closed { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Feed operation ids applied before movements recorded them, with the time they were applied; none is added any
    /// more (a movement names its operation), and these age out after a day.
    /// </summary>
    [Id(9)] public Dictionary<string, DateTimeOffset> AppliedOperations { get; set; } = new(StringComparer.Ordinal);

    [Id(10)] public DateTimeOffset? LastCountAsOf { get; set; }
    [Id(11)] public long StaleCountsIgnored { get; set; }
    [Id(12)] public long DuplicatesIgnored { get; set; }
    [Id(13)] public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>As stored: the sealed pages that hold the rest of the live holds (state names of their rows).</summary>
    [Id(14)] public List<string> HoldPages { get; set; } = [];

    /// <summary>As stored: holds of sealed pages that ended or changed since their page was written, as "page/id".</summary>
    [Id(15)] public HashSet<string> PagedHoldsGone { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sequence of the pair's last movement (0: none yet).</summary>
    [Id(16)] public long MovementSequence { get; set; }

    /// <summary>The latest time a movement that changed onHand occurred: a count dated at or after it needs no reconciling.</summary>
    [Id(17)] public DateTimeOffset? LastOnHandOccurredAt { get; set; }

    /// <summary>When the last movement was recorded: the next is never recorded earlier.</summary>
    [Id(18)] public DateTimeOffset? LastRecordedAt { get; set; }

    /// <summary>
    /// A copy that shares every other member (including the maps) and says where holds are stored with the three
    /// given ones: how <see cref="HoldPaging"/> turns the in-memory state into the stored row and back.
    /// </summary>
    public StockState WithHoldLayout(Dictionary<string, HeldUnits> holds, List<string> pages, HashSet<string> pagedHoldsGone)
    {
        var copy = (StockState)MemberwiseClone();
        copy.Holds = holds;
        copy.HoldPages = pages;
        copy.PagedHoldsGone = pagedHoldsGone;
        return copy;
    }
}

/// <summary>A sealed page of holds: written once, never changed, deleted when none of its holds is live.</summary>
[GenerateSerializer, Alias("inventory.HoldPageState")]
public sealed class HoldPageState
{
    [Id(0)] public Dictionary<string, HeldUnits> Holds { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Units held for one reservation until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("inventory.HeldUnits")]
public sealed record HeldUnits([property: Id(0)] long Quantity, [property: Id(1)] DateTimeOffset ExpiresAt)
{
    /// <summary>The pair's version when the hold was placed: in a shortfall the oldest holds are served first (0: placed before this was kept).</summary>
    [Id(2)] public long Placed { get; init; }
}

/// <summary>How and when a reservation ended at this pair.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ClosedReservation")]
public sealed record ClosedReservation([property: Id(0)] StockChangeCause How, [property: Id(1)] DateTimeOffset At)
{
    /// <summary>
    /// Until when storage keeps it as an index row (<see cref="StoredStockWrite.Closed"/>); when not given,
    /// <see cref="At"/> + <see cref="StockOptions.ClosedReservationRetention"/>.
    /// </summary>
    [Id(2)] public DateTimeOffset? KeepUntil { get; init; }
}
