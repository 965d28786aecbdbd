namespace Inventory.Reservations;

/// <summary>Lifecycle of a reservation: pending → held → committed → fulfilled | cancelled, or released | expired | rejected.</summary>
public enum ReservationStatus
{
    /// <summary>
    /// Recorded; holds are being placed, or none is held because a stock pair could not be reached (the same create
    /// again places them).
    /// </summary>
    Pending = 0,

    /// <summary>Every line is held until the expiry.</summary>
    Held = 1,

    /// <summary>Payment done: the lines are sold.</summary>
    Committed = 2,

    /// <summary>The shopper left: the holds were released.</summary>
    Released = 3,

    /// <summary>The hold's time ran out: the holds were released.</summary>
    Expired = 4,

    /// <summary>Some line could not be held: nothing was held.</summary>
    Rejected = 5,

    /// <summary>The committed lines shipped.</summary>
    Fulfilled = 6,

    /// <summary>The committed order was cancelled: its units are available again.</summary>
    Cancelled = 7,
}
