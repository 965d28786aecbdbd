namespace Inventory.Reservations;

/// <summary>Stock calls whose answers decide how a transition goes on (see <see cref="ReservationStep.Ask"/>).</summary>
public enum StockQuestion
{
    /// <summary>Can every line be held until the expiry?</summary>
    Place,

    /// <summary>Can the lines an undone placement of this reservation gave back be held again?</summary>
    RetakeUndone,

    /// <summary>Does every line still hold its units to commit?</summary>
    Commit,

    /// <summary>After a late payment: is the stock of the expired lines still there to re-take?</summary>
    RetakeExpired,

    /// <summary>Do the re-taken lines commit?</summary>
    CommitRetaken,

    /// <summary>Does every line still hold its units to extend?</summary>
    Extend,
}
