namespace Inventory.Reservations;

/// <summary>Reply of every reservation command.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ReservationReply")]
public sealed record ReservationReply(
    [property: Id(0)] ReservationOutcome Outcome,
    [property: Id(1)] ReservationView? Reservation,
    [property: Id(2)] string? Detail = null)
{
    /// <summary>The short lines when <see cref="Outcome"/> is <see cref="ReservationOutcome.Insufficient"/>.</summary>
    public IReadOnlyList<LineShortfall> Shortfalls => Reservation?.Shortfalls ?? [];
}
