using Inventory.Stock;

namespace Inventory.Reservations;

/// <summary>
/// The rules of one reservation, as pure code over <see cref="ReservationState"/>: no I/O, no clock of its own, no
/// Orleans. <see cref="Decide"/> answers a command at once or names its transition as steps: the records to store and
/// the stock calls to make, in order. The grain runs them and hands the stock answers back to <see cref="Next"/>, which
/// names what follows. A record handed in is never changed: every step carries a new one.
/// </summary>
public sealed class Reservation(ReservationOptions options)
{
    /// <summary>What <paramref name="command"/> does to <paramref name="record"/> (<c>null</c>: none is stored under its id).</summary>
    public ReservationDecision Decide(ReservationState? record, ReservationCommand command, DateTimeOffset now)
    {
        if (command is ReservationCommand.Create create)
        {
            return Create(record, create, now);
        }

        if (record is null)
        {
            return Answer(ReservationOutcome.NotFound);
        }

        return command switch
        {
            ReservationCommand.Extend extend => Extend(record, extend.Ttl, now),
            ReservationCommand.Commit commit => Commit(record, commit.OrderId),
            ReservationCommand.Release => Release(record),
            ReservationCommand.Fulfill => FinishOrder(record, ReservationStatus.Fulfilled, ReservationIntent.Fulfill),
            ReservationCommand.Cancel => FinishOrder(record, ReservationStatus.Cancelled, ReservationIntent.Cancel),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a reservation command."),
        };
    }

    /// <summary>
    /// The answer to <paramref name="command"/> once its transition left <paramref name="record"/>.
    /// </summary>
    public static ReservationDecision.Answer Finished(ReservationCommand command, ReservationState record) => command switch
    {
        ReservationCommand.Create => record.Status switch
        {
            ReservationStatus.Held => Answer(ReservationOutcome.Ok),
            ReservationStatus.Pending => Answer(ReservationOutcome.Unavailable,
                "A stock pair could not be reached, so nothing is held for this reservation; the same create again places it."),
            _ => Answer(ReservationOutcome.Insufficient),
        },
        // Held with shortfalls: a line was short, so the expiry stayed (an extension that every line took clears them).
        ReservationCommand.Extend => record.Status switch
        {
            ReservationStatus.Held when record.Shortfalls.Count > 0 => Answer(ReservationOutcome.Insufficient,
                $"{AreShort(record.Shortfalls)} The reservation was not extended: it stays held until {record.ExpiresAt:O}."),
            ReservationStatus.Held => Answer(ReservationOutcome.Ok),
            _ => Answer(ReservationOutcome.InvalidState, "The reservation expired before it could be extended."),
        },
        ReservationCommand.Commit => record.Status switch
        {
            ReservationStatus.Committed => Answer(ReservationOutcome.Ok),
            // Only a commit refused for a short line leaves a reservation held.
            ReservationStatus.Held => Answer(ReservationOutcome.Insufficient,
                $"{AreShort(record.Shortfalls)} Nothing was committed; the reservation stays held and can be committed once stock comes back."),
            _ => Answer(ReservationOutcome.Insufficient, "The reservation expired before payment completed and the stock is no longer available."),
        },
        _ => Answer(ReservationOutcome.Ok),
    };

    /// <summary>
    /// What finishes the transition <paramref name="record"/> was left in (its intent), or expires a hold whose time is
    /// up; <c>null</c> when there is nothing to do. Asked again after each transition, it ends with <c>null</c>: every
    /// transition ends with no intent.
    /// </summary>
    public static ReservationStep? Settle(ReservationState record, DateTimeOffset now) => record.Intent switch
    {
        ReservationIntent.Hold => Place(record, now),
        ReservationIntent.Commit => new ReservationStep.Ask(StockQuestion.Commit, record.Lines),
        ReservationIntent.Release => ReleaseAll(record, ReservationStatus.Released, ReservationIntent.Release),
        ReservationIntent.Expire => Expire(record),
        ReservationIntent.Fulfill => Finish(record, ReservationStatus.Fulfilled),
        ReservationIntent.Cancel => Finish(record, ReservationStatus.Cancelled),
        _ when record.Status == ReservationStatus.Held && now >= record.ExpiresAt => Expire(record),
        _ => null,
    };

    /// <summary>What follows once the stocks answered <paramref name="ask"/>, line by line in <paramref name="answers"/>.</summary>
    public ReservationStep Next(ReservationState record, ReservationStep.Ask ask, IReadOnlyList<StockAnswer> answers, DateTimeOffset now) =>
        ask.Question switch
        {
            // A line closed here was held by an earlier placement of this reservation that was undone (the stored record
            // still asks for the holds, so no later step released it): it is taken again.
            StockQuestion.Place when answers.Any(a => a.Hold == HoldOutcome.Closed) =>
                new ReservationStep.Ask(StockQuestion.RetakeUndone, [.. record.Lines.Where((_, i) => answers[i].Hold == HoldOutcome.Closed)], ask.Until)
                {
                    Placed = answers,
                },
            StockQuestion.Place => Placed(record, answers),
            StockQuestion.RetakeUndone => Placed(record, WithRetaken(ask.Placed, answers)),
            StockQuestion.Commit => Committed(record, answers, now),
            StockQuestion.RetakeExpired => RetakenLate(record, ask.Lines, answers),
            StockQuestion.CommitRetaken => CommittedRetaken(record, ask.Lines, answers),
            StockQuestion.Extend => Extended(record, ask, answers),
            _ => throw new ArgumentOutOfRangeException(nameof(ask), ask.Question, "Not a stock question."),
        };

    /// <summary>
    /// What follows when a placement could not reach a pair: some lines may be held and others not, so every line is
    /// given back, and the reservation is pending with nothing held, so that nothing is held while the answer says it
    /// could not be placed.
    /// </summary>
    public static ReservationStep PlacingFailed(ReservationState record) =>
        new ReservationStep.Call(StockCallKind.Release, record.Lines,
            new ReservationStep.Store(With(record, ReservationStatus.Pending, ReservationIntent.None, r => r.Shortfalls = [])));

    /// <summary>The steps whose reminder finishes them if the grain cannot: the order's, which no expiry ends.</summary>
    public static bool IsOrderStep(ReservationIntent intent) =>
        intent is ReservationIntent.Commit or ReservationIntent.Fulfill or ReservationIntent.Cancel;

    private ReservationDecision Create(ReservationState? record, ReservationCommand.Create create, DateTimeOffset now)
    {
        if (record is not null)
        {
            if (!record.Lines.SequenceEqual(create.Lines))
            {
                return Answer(ReservationOutcome.Conflict, "This reservation id is already used for different lines.");
            }

            // Still pending once settled: an earlier placement could not reach a pair and was undone. Place it anew.
            if (record.Status != ReservationStatus.Pending)
            {
                return Answer(record.Status == ReservationStatus.Rejected ? ReservationOutcome.Insufficient : ReservationOutcome.Replayed);
            }
        }

        var ttl = create.Ttl <= TimeSpan.Zero ? options.DefaultTtl : Min(create.Ttl, options.MaxTtl);
        var placing = With(record ?? new ReservationState(), ReservationStatus.Pending, ReservationIntent.Hold, r =>
        {
            r.Lines = [.. create.Lines];
            r.CreatedAt = now;
            r.ExpiresAt = now + ttl;
        });
        return new ReservationDecision.Transition(new ReservationStep.Store(placing, Place(placing, now)));
    }

    private ReservationDecision Extend(ReservationState record, TimeSpan ttl, DateTimeOffset now)
    {
        if (record.Status != ReservationStatus.Held)
        {
            return Answer(ReservationOutcome.InvalidState, $"Only a held reservation can be extended; this one is {record.Status}.");
        }

        var expiresAt = now + Min(ttl, options.MaxTtl);
        var latest = record.CreatedAt + options.MaxLifetime;
        if (expiresAt > latest)
        {
            return Answer(ReservationOutcome.InvalidState, $"A reservation cannot be held past {latest:O} ({options.MaxLifetime} after creation).");
        }

        return new ReservationDecision.Transition(new ReservationStep.Ask(StockQuestion.Extend, record.Lines, expiresAt));
    }

    private static ReservationDecision Commit(ReservationState record, string orderId)
    {
        switch (record.Status)
        {
            case ReservationStatus.Committed or ReservationStatus.Fulfilled or ReservationStatus.Cancelled:
                return record.OrderId == orderId
                    ? Answer(ReservationOutcome.Replayed)
                    : Answer(ReservationOutcome.Conflict, $"The reservation is already committed to order '{record.OrderId}'.");
            case ReservationStatus.Pending or ReservationStatus.Released or ReservationStatus.Rejected:
                return Answer(ReservationOutcome.InvalidState, $"A {record.Status.ToString().ToLowerInvariant()} reservation cannot be committed.");
        }

        // Held, or expired (a payment that completed late): both go through the same all-or-nothing commit.
        var committing = With(record, record.Status, ReservationIntent.Commit, r => r.OrderId = orderId);
        return new ReservationDecision.Transition(
            new ReservationStep.Store(committing, new ReservationStep.Ask(StockQuestion.Commit, committing.Lines)));
    }

    private static ReservationDecision Release(ReservationState record) => record.Status switch
    {
        ReservationStatus.Released or ReservationStatus.Expired or ReservationStatus.Rejected => Answer(ReservationOutcome.Replayed),
        ReservationStatus.Committed or ReservationStatus.Fulfilled or ReservationStatus.Cancelled =>
            Answer(ReservationOutcome.InvalidState, "A committed reservation cannot be released; cancel the order instead."),
        _ => new ReservationDecision.Transition(ReleaseAll(record, ReservationStatus.Released, ReservationIntent.Release)),
    };

    private static ReservationDecision FinishOrder(ReservationState record, ReservationStatus target, ReservationIntent intent)
    {
        if (record.Status == target)
        {
            return Answer(ReservationOutcome.Replayed);
        }

        if (record.Status != ReservationStatus.Committed)
        {
            return Answer(ReservationOutcome.InvalidState,
                $"Only a committed reservation can be {target.ToString().ToLowerInvariant()}; this one is {record.Status}.");
        }

        var finishing = With(record, ReservationStatus.Committed, intent);
        return new ReservationDecision.Transition(new ReservationStep.Store(finishing, Finish(finishing, target)));
    }

    /// <summary>Holds every line until the reservation's expiry, unless that has come already.</summary>
    private static ReservationStep Place(ReservationState record, DateTimeOffset now) =>
        now >= record.ExpiresAt
            ? Expire(record)
            : new ReservationStep.Ask(StockQuestion.Place, record.Lines, record.ExpiresAt);

    /// <summary>
    /// What a placement's answers mean: expired when a pair's clock reached the expiry first; held when every line is;
    /// otherwise rejected with the short lines, after giving back those that were held.
    /// </summary>
    private static ReservationStep Placed(ReservationState record, IReadOnlyList<StockAnswer> placed)
    {
        if (placed.Any(a => a.Hold == HoldOutcome.Expired))
        {
            // A pair's clock reached the expiry before this grain's did (it came back just before its expiry): the
            // reservation's time is up, which is no refusal. Expired, a late payment can still re-take the stock.
            return Expire(record);
        }

        var shortfalls = Shortfalls(record.Lines.Zip(placed).Where(x => x.Second.Hold != HoldOutcome.Held));
        if (shortfalls.Count == 0)
        {
            // Not written: the stored record keeps "pending, intent hold", which a reactivation settles by placing the
            // holds again; the stock grains answer a repeated hold of a live hold with that hold, so the outcome is
            // the same and a reservation costs one write here instead of two. Every later transition is written.
            // UpdatedAt stays that of the stored record, so a reactivated reservation reads exactly as before.
            return new ReservationStep.Keep(With(record, ReservationStatus.Held, ReservationIntent.None));
        }

        // All or nothing: give back what was held before reporting the short lines. Only those: a release of a line
        // that was never held here leaves a mark at its pair (see StockLedger.Release), which a refusal does not need.
        return new ReservationStep.Call(StockCallKind.Release, [.. record.Lines.Where((_, i) => placed[i].Hold == HoldOutcome.Held)],
            new ReservationStep.Store(With(record, ReservationStatus.Rejected, ReservationIntent.None, r => r.Shortfalls = shortfalls)));
    }

    /// <summary><paramref name="placed"/> with the answers of the lines it found closed replaced, in order, by <paramref name="retaken"/>.</summary>
    private static List<StockAnswer> WithRetaken(IReadOnlyList<StockAnswer> placed, IReadOnlyList<StockAnswer> retaken)
    {
        var next = 0;
        return [.. placed.Select(a => a.Hold == HoldOutcome.Closed ? retaken[next++] : a)];
    }

    /// <summary>
    /// What an extension's answers mean: expired when a pair already let a hold go (the reservation's time is up);
    /// refused, with the old expiry, when a line is short; otherwise held until the new expiry.
    /// </summary>
    private static ReservationStep.Store Extended(ReservationState record, ReservationStep.Ask ask, IReadOnlyList<StockAnswer> extended)
    {
        if (extended.Any(a => a.Line == LineOutcome.NotFound))
        {
            return Expire(record);
        }

        var shortfalls = ShortLines(ask.Lines, extended);
        if (shortfalls.Count > 0)
        {
            // The lines that did take the new expiry outlive the reservation harmlessly: its own expiry, the old one,
            // releases every line. Written, so the refusal's lines are what a reactivated reservation reads too.
            return new ReservationStep.Store(With(record, ReservationStatus.Held, ReservationIntent.None, r => r.Shortfalls = shortfalls));
        }

        return new ReservationStep.Store(With(record, ReservationStatus.Held, ReservationIntent.None, r =>
        {
            r.ExpiresAt = ask.Until;
            r.Shortfalls = [];
        }));
    }

    private ReservationStep Committed(ReservationState record, IReadOnlyList<StockAnswer> committed, DateTimeOffset now)
    {
        // A short line refuses the whole commit, even when other lines' holds are gone too: re-taking those (a late
        // payment) could not make the short line commit.
        var shortfalls = ShortLines(record.Lines, committed);
        if (shortfalls.Count > 0)
        {
            return CommitRefused(record, [.. record.Lines.Where((_, i) => IsCommitted(committed[i]))], shortfalls);
        }

        var missing = record.Lines.Where((_, i) => committed[i].Line == LineOutcome.NotFound).ToList();
        return missing.Count == 0
            ? CommitEnded(record)
            // The hold expired (late payment): re-take the stock if it is still there, all lines or none.
            : new ReservationStep.Ask(StockQuestion.RetakeExpired, missing, now + options.CommitGrace);
    }

    /// <summary>
    /// After a late payment: commits the re-taken lines if every one could be had; otherwise gives back the re-taken
    /// and the committed lines and ends expired, with the short lines and no order.
    /// </summary>
    private static ReservationStep RetakenLate(ReservationState record, IReadOnlyList<ReservationLine> missing, IReadOnlyList<StockAnswer> retaken)
    {
        var shortfalls = Shortfalls(missing.Zip(retaken).Where(x => x.Second.Hold is not (HoldOutcome.Held or HoldOutcome.AlreadyCommitted)));
        if (shortfalls.Count == 0)
        {
            return new ReservationStep.Ask(StockQuestion.CommitRetaken, missing);
        }

        return new ReservationStep.Call(StockCallKind.Release, missing,
            new ReservationStep.Call(StockCallKind.CancelCommitted, [.. record.Lines.Where(l => !missing.Contains(l))],
                new ReservationStep.Store(With(record, ReservationStatus.Expired, ReservationIntent.None, r =>
                {
                    r.Shortfalls = shortfalls;
                    r.OrderId = null;
                }))));
    }

    /// <summary>After a late payment re-took the missing lines: do they commit too?</summary>
    private static ReservationStep CommittedRetaken(
        ReservationState record, IReadOnlyList<ReservationLine> missing, IReadOnlyList<StockAnswer> committed)
    {
        var shortfalls = ShortLines(missing, committed);
        if (shortfalls.Count > 0)
        {
            // The lines that were not missing committed at the first ask (else they would be short or missing too).
            var done = record.Lines.Where(l => !missing.Contains(l)).Concat(missing.Where((_, i) => IsCommitted(committed[i])));
            return CommitRefused(record, [.. done], shortfalls);
        }

        return committed.Any(a => a.Line == LineOutcome.NotFound)
            ? new ReservationStep.Unfinished("a re-taken hold vanished before it was committed; the commit will be retried.")
            : CommitEnded(record);
    }

    /// <summary>
    /// A commit with a short line: all or nothing, so the <paramref name="committed"/> lines are taken back into their
    /// holds, and the reservation ends the commit without an order, with the short lines. A held reservation stays held
    /// (it can be committed once stock comes back); an expired one (a late payment) gives back every line it re-took.
    /// </summary>
    private static ReservationStep CommitRefused(ReservationState record, List<ReservationLine> committed, List<LineShortfall> shortfalls)
    {
        var refused = With(record, record.Status, ReservationIntent.None, r =>
        {
            r.Shortfalls = shortfalls;
            r.OrderId = null;
        });
        ReservationStep then = record.Status == ReservationStatus.Held
            ? new ReservationStep.Store(refused)
            : new ReservationStep.Call(StockCallKind.Release, record.Lines, new ReservationStep.Store(refused));
        return committed.Count == 0 ? then : new ReservationStep.Call(StockCallKind.Uncommit, committed, then);
    }

    private static bool IsCommitted(StockAnswer answer) => answer.Line is LineOutcome.Done or LineOutcome.AlreadyDone;

    /// <summary>The <paramref name="lines"/> whose pair answered that their hold is short: none of their units are on hand.</summary>
    private static List<LineShortfall> ShortLines(IReadOnlyList<ReservationLine> lines, IReadOnlyList<StockAnswer> answers) =>
        Shortfalls(lines.Zip(answers).Where(x => x.Second.Line == LineOutcome.InShortfall));

    /// <summary>Names the short lines for a caller, and why a held line can be short.</summary>
    private static string AreShort(List<LineShortfall> shortfalls)
    {
        var named = string.Join(", ", shortfalls.Select(s => $"SKU '{s.Sku}' at '{s.Location}' ({s.Requested} held)"));
        var verb = shortfalls.Count == 1 ? "is" : "are";
        return $"{named} {verb} short: a count left fewer units on hand there than are held, and the newest holds wait until stock comes back.";
    }

    private static ReservationStep.Store CommitEnded(ReservationState record) =>
        new ReservationStep.Store(With(record, ReservationStatus.Committed, ReservationIntent.None, r => r.Shortfalls = []));

    /// <summary>Gives every hold back (intent first), then ends in <paramref name="target"/>.</summary>
    private static ReservationStep.Store ReleaseAll(ReservationState record, ReservationStatus target, ReservationIntent intent) =>
        new ReservationStep.Store(With(record, record.Status, intent),
            new ReservationStep.Call(StockCallKind.Release, record.Lines,
                new ReservationStep.Store(With(record, target, ReservationIntent.None))));

    private static ReservationStep.Store Expire(ReservationState record) => ReleaseAll(record, ReservationStatus.Expired, ReservationIntent.Expire);

    /// <summary>Ships or cancels every committed line, then ends in <paramref name="target"/>.</summary>
    private static ReservationStep.Call Finish(ReservationState record, ReservationStatus target) =>
        new ReservationStep.Call(target == ReservationStatus.Fulfilled ? StockCallKind.Ship : StockCallKind.CancelCommitted, record.Lines,
            new ReservationStep.Store(With(record, target, ReservationIntent.None)));

    private static List<LineShortfall> Shortfalls(IEnumerable<(ReservationLine Line, StockAnswer Answer)> lines) =>
        [.. lines.Select(x => new LineShortfall(x.Line.Sku, x.Line.Location, x.Line.Quantity, x.Answer.Available))];

    /// <summary>A copy of <paramref name="record"/> in <paramref name="status"/> with <paramref name="intent"/>, changed further by <paramref name="change"/>.</summary>
    private static ReservationState With(
        ReservationState record, ReservationStatus status, ReservationIntent intent, Action<ReservationState>? change = null)
    {
        var next = record.Copy();
        next.Status = status;
        next.Intent = intent;
        change?.Invoke(next);
        return next;
    }

    private static ReservationDecision.Answer Answer(ReservationOutcome outcome, string? detail = null) => new(outcome, detail);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
