namespace Inventory.Stock;

/// <summary>
/// Asks a stock grain to hold units for a reservation until <see cref="ExpiresAt"/>. <see cref="Repeat"/> says the same
/// hold may have been asked for before (a retried call, a placement finished after a restart): only then does the pair
/// look beyond its memory (in storage) for how this reservation ended, which a first request never needs.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.HoldRequest")]
public sealed record HoldRequest(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] int Quantity,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] bool Retake = false,
    [property: Id(4)] bool Repeat = false);
