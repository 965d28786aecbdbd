using Inventory.Stock;

namespace Inventory.Reservations;

/// <summary>
/// What a line's stock grain answered to one call of a <see cref="ReservationStep.Ask"/>: for a hold or re-take its
/// <see cref="Hold"/> outcome and the units then available, for any other call its <see cref="Line"/> outcome.
/// </summary>
public sealed record StockAnswer(HoldOutcome? Hold, LineOutcome? Line, long Available = 0)
{
    public static StockAnswer Of(HoldResult result) => new(result.Outcome, null, result.Available);

    public static StockAnswer Of(LineResult result) => new(null, result.Outcome);
}
