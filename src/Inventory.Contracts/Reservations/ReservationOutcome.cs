namespace Inventory.Reservations;

/// <summary>How a reservation command ended.</summary>
public enum ReservationOutcome
{
    /// <summary>Done; <see cref="ReservationReply.Reservation"/> is the new state.</summary>
    Ok = 0,

    /// <summary>The same create was already done: the reply repeats the reservation as it is now.</summary>
    Replayed = 1,

    /// <summary>No reservation has this id.</summary>
    NotFound = 2,

    /// <summary>Stock was insufficient for at least one line; nothing is held.</summary>
    Insufficient = 3,

    /// <summary>The command does not fit the reservation's status (e.g. commit after release).</summary>
    InvalidState = 4,

    /// <summary>The id is taken by a reservation with different lines.</summary>
    Conflict = 5,

    /// <summary>
    /// A stock pair could not be reached while the lines were being held: whatever was held was given back, so
    /// nothing is held (the reservation reads pending). The same create again places it.
    /// </summary>
    Unavailable = 6,
}
