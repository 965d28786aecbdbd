namespace Inventory.Reservations;

/// <summary>
/// A transition that was recorded before its stock calls were made. If it is still set when the grain activates,
/// the silo died half-way and the grain finishes it (every stock call is idempotent on the reservation id).
/// </summary>
public enum ReservationIntent
{
    None = 0,
    Hold = 1,
    Commit = 2,
    Release = 3,
    Expire = 4,
    Fulfill = 5,
    Cancel = 6,
}
