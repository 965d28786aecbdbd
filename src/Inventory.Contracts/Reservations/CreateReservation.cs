namespace Inventory.Reservations;

/// <summary>Asks a reservation grain to hold every line for <see cref="Ttl"/>, all or nothing.</summary>
[GenerateSerializer, Immutable, Alias("inventory.CreateReservation")]
public sealed record CreateReservation(
    [property: Id(0)] IReadOnlyList<ReservationLine> Lines,
    [property: Id(1)] TimeSpan Ttl);
