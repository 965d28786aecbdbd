using Inventory.Reservations;

namespace Inventory.Api.Reservations;

/// <summary>A reservation as the API returns it.</summary>
public sealed record ReservationResponse(
    string Id,
    ReservationStatus Status,
    IReadOnlyList<ReservationLineResponse> Lines,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? OrderId)
{
    public static ReservationResponse From(ReservationView view) => new(
        view.Id,
        view.Status,
        [.. view.Lines.Select((l, i) => new ReservationLineResponse(l.Sku, l.Location, l.Quantity, view.IsShort(i)))],
        view.ExpiresAt,
        view.CreatedAt,
        view.UpdatedAt,
        view.OrderId);
}
