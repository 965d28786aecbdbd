namespace Inventory.Reservations;

/// <summary>A line that could not be held: what was asked and what was available.</summary>
[GenerateSerializer, Immutable, Alias("inventory.LineShortfall")]
public sealed record LineShortfall(
    [property: Id(0)] string Sku,
    [property: Id(1)] string Location,
    [property: Id(2)] int Requested,
    [property: Id(3)] long Available);
