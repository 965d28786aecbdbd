namespace Inventory.Reservations;

/// <summary>A call a reservation makes to a line's stock grain (see <c>IStockGrain</c>); each is idempotent per reservation id.</summary>
public enum StockCallKind
{
    /// <summary>Hold the line's units until the given time.</summary>
    Hold,

    /// <summary>Hold them even if this reservation ended at the pair before (expired or given back).</summary>
    Retake,

    /// <summary>Push the hold's expiry out to the given time.</summary>
    Extend,

    /// <summary>Give the hold back.</summary>
    Release,

    /// <summary>Turn the hold into sold units.</summary>
    Commit,

    /// <summary>Take a commit back into the hold it came from (another line of the reservation was short).</summary>
    Uncommit,

    /// <summary>Ship the sold units.</summary>
    Ship,

    /// <summary>Make the sold units available again.</summary>
    CancelCommitted,
}
