namespace Inventory.Stock;

/// <summary>Asks a stock grain to hold units for a reservation until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer, Immutable, Alias("inventory.HoldRequest")]
public sealed record HoldRequest(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] bool Retake = false);
