namespace Inventory.Api.Reservations;

/// <summary>Body of <c>POST /v1/reservations</c>. Without a reservation id, the API assigns one.</summary>
public sealed record CreateReservationRequest(string? ReservationId, IReadOnlyList<ReservationLineBody?>? Lines, long? TtlSeconds);
