namespace Inventory.Silo.Storage;

/// <summary>How many rows one run of the <see cref="StorageJanitor"/> deleted, by kind.</summary>
/// <param name="IdempotencyAnswers">Stored Idempotency-Key answers older than their retention.</param>
/// <param name="EmptyRows">Rows with no payload (cleared before clears deleted rows), past the grace period.</param>
/// <param name="UnlistedPages">Hold pages in grain storage, from before the stock tables, that no pair's row there lists (a pair moved to the stock tables, a failed write), past the grace period.</param>
/// <param name="EndedReservations">Reservations released, expired, rejected, fulfilled or cancelled longer ago than their retention.</param>
/// <param name="Movements">Stock movements recorded longer ago than <c>Inventory:Stock:MovementRetention</c>.</param>
/// <param name="ClosedAtPairs">What pairs kept of ended reservations, past its keep-until.</param>
public sealed record StorageCleanup(int IdempotencyAnswers, int EmptyRows, int UnlistedPages, int EndedReservations, int Movements, int ClosedAtPairs)
{
    public int Total => IdempotencyAnswers + EmptyRows + UnlistedPages + EndedReservations + Movements + ClosedAtPairs;
}
