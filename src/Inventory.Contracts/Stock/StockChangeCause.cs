namespace Inventory.Stock;

/// <summary>Why a pair's quantities changed.</summary>
public enum StockChangeCause
{
    /// <summary>A reservation placed a hold.</summary>
    Hold = 0,

    /// <summary>A reservation released its hold.</summary>
    Release = 1,

    /// <summary>A hold reached its expiry.</summary>
    Expire = 2,

    /// <summary>A hold's expiry moved.</summary>
    Extend = 3,

    /// <summary>A hold became a sale.</summary>
    Commit = 4,

    /// <summary>Committed units left the building.</summary>
    Ship = 5,

    /// <summary>A committed order was cancelled.</summary>
    CancelCommitted = 6,

    /// <summary>An ops adjustment.</summary>
    Adjust = 7,

    /// <summary>A warehouse count.</summary>
    Count = 8,

    /// <summary>Replenishment arrived.</summary>
    Receive = 9,

    /// <summary>A customer return.</summary>
    Return = 10,

    /// <summary>A commit was taken back into its hold (another line of its reservation was short).</summary>
    Uncommit = 11,
}
