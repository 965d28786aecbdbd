using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>
/// All quantities of a pair, as <c>GET /v1/stock/{location}/{sku}</c> returns them. <see cref="Backordered"/>: committed
/// (sold) units beyond onHand; <see cref="MovementSequence"/>: the sequence of its last movement, where
/// <c>…/movements?latest=true</c> starts.
/// </summary>
public sealed record StockResponse(
    string Location,
    string Sku,
    long OnHand,
    long Reserved,
    long Committed,
    long SafetyStock,
    long Damaged,
    long Available,
    long Shortfall,
    AvailabilityStatus Status,
    long Version,
    int ActiveHolds,
    DateTimeOffset? LastCountAsOf,
    long StaleCountsIgnored,
    long DuplicatesIgnored,
    DateTimeOffset? UpdatedAt,
    long Backordered,
    long MovementSequence)
{
    public static StockResponse From(StockSnapshot s) => new(
        s.Key.Location, s.Key.Sku, s.OnHand, s.Reserved, s.Committed, s.SafetyStock, s.Damaged, s.Available, s.Shortfall,
        s.Status, s.Version, s.ActiveHolds, s.LastCountAsOf, s.StaleCountsIgnored, s.DuplicatesIgnored, s.UpdatedAt, s.Backordered, s.MovementSequence);
}
