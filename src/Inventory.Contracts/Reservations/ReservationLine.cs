namespace Inventory.Reservations;

/// <summary>One line of a reservation: a quantity of a SKU at a location.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ReservationLine")]
public sealed record ReservationLine(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Location,
    [property: Id(2)] int Quantity)
{
    /// <summary>The stock pair this line draws from.</summary>
    public StockKey Key => new(Location, Sku);
}
