namespace Inventory.Reservations;

/// <summary>What <see cref="Reservation.Decide"/> made of a command: an answer at once, or a transition to run first.</summary>
public abstract record ReservationDecision
{
    private ReservationDecision()
    {
    }

    /// <summary>Nothing to change: answer with the reservation as it is.</summary>
    public sealed record Answer(ReservationOutcome Outcome, string? Detail = null) : ReservationDecision;

    /// <summary>
    /// Run the steps from <paramref name="First"/> on, then answer what <see cref="Reservation.Finished"/> makes of
    /// the record they leave.
    /// </summary>
    public sealed record Transition(ReservationStep First) : ReservationDecision;
}
