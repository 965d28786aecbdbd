namespace Inventory.Stock;

/// <summary>Committed (sold, not yet shipped) units of one reservation at a pair, and the hold they came from.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockOrder")]
public sealed record StockOrder(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] long Quantity,
    [property: Id(2)] HeldUnits Hold,
    [property: Id(3)] DateTimeOffset CommittedAt);
