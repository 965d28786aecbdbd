namespace Inventory.Reservations;

/// <summary>What a caller asks of a reservation, as <see cref="Reservation.Decide"/> reads it.</summary>
public abstract record ReservationCommand
{
    private ReservationCommand()
    {
    }

    /// <summary>Hold every line for <paramref name="Ttl"/> (the default TTL when not positive), all or nothing.</summary>
    public sealed record Create(IReadOnlyList<ReservationLine> Lines, TimeSpan Ttl) : ReservationCommand;

    /// <summary>Push the expiry out to now + <paramref name="Ttl"/>, within the bounds.</summary>
    public sealed record Extend(TimeSpan Ttl) : ReservationCommand;

    /// <summary>Payment done for <paramref name="OrderId"/>: the lines become sold.</summary>
    public sealed record Commit(string OrderId) : ReservationCommand;

    /// <summary>The shopper left: give the holds back.</summary>
    public sealed record Release : ReservationCommand;

    /// <summary>Ship the committed lines.</summary>
    public sealed record Fulfill : ReservationCommand;

    /// <summary>Cancel the committed order: its units become available again.</summary>
    public sealed record Cancel : ReservationCommand;
}
