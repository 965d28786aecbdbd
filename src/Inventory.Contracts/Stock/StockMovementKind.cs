namespace Inventory.Stock;

/// <summary>What kind of change a movement records. Stored by name: never rename a value.</summary>
public enum StockMovementKind
{
    /// <summary>A warehouse count set onHand (and perhaps safety stock).</summary>
    Count = 0,

    /// <summary>An ops correction of onHand, with a reason.</summary>
    Adjustment = 1,

    /// <summary>Replenishment arrived.</summary>
    Receipt = 2,

    /// <summary>A customer return: back on hand, or damaged.</summary>
    Return = 3,

    /// <summary>Held units became sold (committed).</summary>
    Commit = 4,

    /// <summary>Committed units left the building.</summary>
    Ship = 5,

    /// <summary>A committed order was cancelled.</summary>
    Cancel = 6,

    /// <summary>
    /// A commit taken back into its hold, because another line of the same reservation was short: a reservation
    /// commits all of its lines or none.
    /// </summary>
    Uncommit = 7,
}
