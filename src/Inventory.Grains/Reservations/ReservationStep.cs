namespace Inventory.Reservations;

/// <summary>
/// One step of a transition, as data: the grain stores records, makes stock calls and hands their answers back to
/// <see cref="Reservation.Next"/> until a step leaves nothing to follow.
/// </summary>
public abstract record ReservationStep
{
    private ReservationStep()
    {
    }

    /// <summary>
    /// Store <paramref name="Record"/>, then go on with <paramref name="Then"/>. Stored before the stock calls that
    /// follow, its intent is what a reactivation finishes if the silo dies half-way; with no <paramref name="Then"/>
    /// the record (intent none) is the end of the transition.
    /// </summary>
    public sealed record Store(ReservationState Record, ReservationStep? Then = null) : ReservationStep;

    /// <summary>
    /// End the transition with <paramref name="Record"/> in memory only: the stored record settles to the same state
    /// on reactivation, so writing it would cost a write and change nothing.
    /// </summary>
    public sealed record Keep(ReservationState Record) : ReservationStep;

    /// <summary>Make a <paramref name="Kind"/> call for every one of <paramref name="Lines"/> at once, then go on with <paramref name="Then"/> whatever they answer.</summary>
    public sealed record Call(StockCallKind Kind, IReadOnlyList<ReservationLine> Lines, ReservationStep Then) : ReservationStep;

    /// <summary>
    /// Make the call <paramref name="Question"/> needs for every one of <paramref name="Lines"/> at once (a hold, re-take
    /// or extension until <paramref name="Until"/>) and hand the answers to <see cref="Reservation.Next"/>, which decides
    /// what follows.
    /// </summary>
    public sealed record Ask(StockQuestion Question, IReadOnlyList<ReservationLine> Lines, DateTimeOffset Until = default) : ReservationStep
    {
        /// <summary>For <see cref="StockQuestion.RetakeUndone"/>: what the placement before it answered, line by line.</summary>
        public IReadOnlyList<StockAnswer> Placed { get; init; } = [];

        /// <summary>The stock call the question is asked with.</summary>
        public StockCallKind Kind => Question switch
        {
            StockQuestion.Place => StockCallKind.Hold,
            StockQuestion.RetakeUndone or StockQuestion.RetakeExpired => StockCallKind.Retake,
            StockQuestion.Commit or StockQuestion.CommitRetaken => StockCallKind.Commit,
            StockQuestion.Extend => StockCallKind.Extend,
            _ => throw new InvalidOperationException($"No stock call asks {Question}."),
        };
    }

    /// <summary>
    /// The transition cannot finish now (<paramref name="Reason"/>): its intent stays stored, and a retry, the
    /// reminder or the next call finishes it.
    /// </summary>
    public sealed record Unfinished(string Reason) : ReservationStep;
}
