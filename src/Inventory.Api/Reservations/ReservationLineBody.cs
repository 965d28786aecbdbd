namespace Inventory.Api.Reservations;

/// <summary>A line as sent and returned by the API.</summary>
public sealed record ReservationLineBody(string? Sku, string? Location, long? Quantity);
