namespace Inventory.Api.Reservations;

/// <summary>Body of <c>POST /v1/reservations/{id}/extend</c>.</summary>
public sealed record ExtendReservationRequest(long? TtlSeconds);
