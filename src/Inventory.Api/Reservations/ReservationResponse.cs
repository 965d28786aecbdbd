using Inventory.Reservations;

namespace Inventory.Api.Reservations;

/// <summary>A reservation as the API returns it.</summary>
public sealed record ReservationResponse(
    string Id,
    ReservationStatus Status,
    IReadOnlyList<ReservationLineBody> Lines,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? OrderId)
{
    public static ReservationResponse From(ReservationView view) => new(
        view.Id,
        view.Status,
        [.. view.Lines.Select(l => new ReservationLineBody(l.Sku, l.Location, l.Quantity))],
        view.ExpiresAt,
        view.CreatedAt,
        view.UpdatedAt,
        view.OrderId);
}
