namespace Inventory.Silo.Storage;

/// <summary>How many rows one run of the <see cref="StorageJanitor"/> deleted, by kind.</summary>
/// <param name="IdempotencyAnswers">Stored Idempotency-Key answers older than their retention.</param>
/// <param name="EmptyRows">Rows with no payload (cleared before clears deleted rows), past the grace period.</param>
/// <param name="UnlistedPages">Hold pages no pair's row lists (left by a failed write or delete), past the grace period.</param>
/// <param name="EndedReservations">Reservations released, expired, rejected, fulfilled or cancelled longer ago than their retention.</param>
public sealed record StorageCleanup(int IdempotencyAnswers, int EmptyRows, int UnlistedPages, int EndedReservations)
{
    public int Total => IdempotencyAnswers + EmptyRows + UnlistedPages + EndedReservations;
}
