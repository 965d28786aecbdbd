namespace Inventory.Api.Reservations;

/// <summary>A line as sent to the API (see <see cref="ReservationLineResponse"/> for one returned).</summary>
public sealed record ReservationLineBody(string? Sku, string? Location, long? Quantity);
