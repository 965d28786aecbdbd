using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>One movement of a pair's ledger, as <c>GET …/movements</c> lists it.</summary>
public sealed record StockMovementResponse(
    long Sequence,
    StockMovementKind Kind,
    MovementQuantities Delta,
    MovementQuantities After,
    string? Reason,
    string? Note,
    string? Reference,
    string? Actor,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    long? Variance)
{
    public static StockMovementResponse From(StockMovement m) => new(
        m.Sequence, m.Kind, MovementQuantities.From(m.Delta), MovementQuantities.From(m.After), m.Reason, m.Note, m.Reference, m.Actor,
        m.OccurredAt, m.RecordedAt, m.Variance);
}
