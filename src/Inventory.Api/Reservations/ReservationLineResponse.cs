using System.Text.Json.Serialization;

namespace Inventory.Api.Reservations;

/// <summary>
/// A line as the API returns it. <paramref name="IsShort"/> (<c>short</c>): its hold is short (fewer units on hand than
/// are held, and this hold is among the newest beyond them), so the reservation cannot commit or extend until stock
/// comes back; read by <c>GET /v1/reservations/{id}</c> while the reservation is held, false otherwise.
/// </summary>
public sealed record ReservationLineResponse(string Sku, string Location, int Quantity, [property: JsonPropertyName("short")] bool IsShort);
