namespace Inventory.Api.Reservations;

/// <summary>Body of <c>POST /v1/reservations/{id}/commit</c>.</summary>
public sealed record CommitReservationRequest(string? OrderId);
