namespace Inventory.Stock;

/// <summary>
/// The rules of one stock pair, as pure code over <see cref="StockState"/>: no I/O, no clock of its own, no Orleans.
/// Every operation decides at once; each change bumps the version and is queued in <see cref="PendingChanges"/>, and
/// each change of onHand, committed, damaged or safety stock appends a <see cref="StockMovement"/>, until the owner
/// takes them all with <see cref="TakePendingWrite"/> to make them durable in one write.
/// <para>
/// What a repeat needs to be answered (how a reservation ended here, an open order, an applied feed operation) is kept
/// in memory for <see cref="StockOptions.RecentInMemory"/> only, never in the pair's row: the owner looks older facts up
/// in storage when <see cref="NeedsFacts"/> says a decision rests on them, and hands them in with <see cref="Learn"/>
/// before deciding. Memory wins over what storage says: it is never older.
/// </para>
/// <para>
/// When a count leaves fewer units on hand than are held and sold, sold units come first and holds are served oldest
/// first: the newest holds beyond what is left are short (<see cref="IsShort"/>), and can be neither committed nor
/// extended until stock comes back.
/// </para>
/// </summary>
public sealed class StockLedger
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    // Feed operation ids applied before movements existed are still in the row; they are dropped once this old.
    private static readonly TimeSpan LegacyOperationRetention = TimeSpan.FromDays(1);

    private readonly StockKey _key;
    private readonly StockOptions _options;
    private readonly List<StockChanged> _pending = [];
    private readonly List<StockMovement> _pendingMovements = [];
    private readonly Dictionary<string, StockOrder> _pendingOpened = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingEnded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClosedReservation> _pendingClosed = new(StringComparer.Ordinal);

    // Earliest expiry first; stale entries (released or extended holds) are skipped when they surface.
    private readonly PriorityQueue<string, DateTimeOffset> _expiries = new();

    private readonly RecentFacts _recent = new();
    private readonly CountReconciliation _counts = new();

    private HashSet<string>? _shortHolds;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public StockLedger(StockKey key, StockState state, StockOptions options)
    {
        _key = key;
        State = state;
        _options = options;
        DurableSequence = state.MovementSequence;
        foreach (var (id, hold) in state.Holds)
        {
            _expiries.Enqueue(id, hold.ExpiresAt);
        }

        AdoptLegacyIndexes();
    }

    public StockState State { get; }

    /// <summary>Changes decided but not yet handed out by <see cref="TakePendingWrite"/>.</summary>
    public IReadOnlyList<StockChanged> PendingChanges => _pending;

    /// <summary>
    /// Times a commit would have put committed beyond onHand. Short holds cannot be committed, so it stays 0; counted,
    /// never hidden.
    /// </summary>
    public long OversellIncidents { get; private set; }

    /// <summary>The last movement sequence known to be stored (see <see cref="MarkDurable"/>).</summary>
    public long DurableSequence { get; private set; }

    /// <summary>The earliest expiry among live holds.</summary>
    public DateTimeOffset? NextExpiry
    {
        get
        {
            while (_expiries.TryPeek(out var id, out var at))
            {
                if (State.Holds.TryGetValue(id, out var hold) && hold.ExpiresAt == at)
                {
                    return at;
                }

                _expiries.Dequeue();
            }

            return null;
        }
    }

    public long Available => Math.Max(0, State.OnHand - State.Reserved - State.Committed - State.SafetyStock);

    public long Shortfall => Math.Max(0, State.Reserved + State.Committed - State.OnHand);

    /// <summary>Sold units beyond onHand: they come first, so they are short before any hold is.</summary>
    public long Backordered => Math.Max(0, State.Committed - State.OnHand);

    public AvailabilityStatus Status => Available switch
    {
        0 => AvailabilityStatus.OutOfStock,
        var a when a <= _options.LowStockThreshold => AvailabilityStatus.Low,
        _ => AvailabilityStatus.InStock,
    };

    public StockSnapshot Snapshot() => new()
    {
        Key = _key,
        Exists = State.Version > 0,
        Version = State.Version,
        OnHand = State.OnHand,
        Reserved = State.Reserved,
        Committed = State.Committed,
        SafetyStock = State.SafetyStock,
        Damaged = State.Damaged,
        Available = Available,
        Shortfall = Shortfall,
        Backordered = Backordered,
        Status = Status,
        ActiveHolds = State.Holds.Count,
        LastCountAsOf = State.LastCountAsOf,
        StaleCountsIgnored = State.StaleCountsIgnored,
        DuplicatesIgnored = State.DuplicatesIgnored,
        UpdatedAt = State.UpdatedAt,
        MovementSequence = State.MovementSequence,
    };

    /// <summary>Hands out what was decided since the last call, for the owner to make durable in one write.</summary>
    public StockWrite TakePendingWrite()
    {
        var taken = new StockWrite(State, _pending.ToArray())
        {
            Movements = _pendingMovements.ToArray(),
            OpenedOrders = _pendingOpened.Values.ToArray(),
            EndedOrders = _pendingEnded.ToArray(),
            Closed = new Dictionary<string, ClosedReservation>(_pendingClosed, StringComparer.Ordinal),
        };
        _pending.Clear();
        _pendingMovements.Clear();
        _pendingOpened.Clear();
        _pendingEnded.Clear();
        _pendingClosed.Clear();
        return taken;
    }

    /// <summary>Says <paramref name="write"/> is stored: its movements can be summed by storage from now on.</summary>
    public void MarkDurable(StockWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (write.Movements.Count > 0)
        {
            DurableSequence = Math.Max(DurableSequence, write.Movements[^1].Sequence);
        }
    }

    /// <summary>Violated invariants of the state, empty when all hold. Checked on load; O(holds).</summary>
    public IReadOnlyList<string> CheckInvariants()
    {
        var problems = new List<string>();
        var sumOfHolds = State.Holds.Values.Sum(h => h.Quantity);
        if (sumOfHolds != State.Reserved)
        {
            problems.Add($"reserved {State.Reserved} differs from the sum of live holds {sumOfHolds}");
        }

        if (State.OnHand < 0 || State.Reserved < 0 || State.Committed < 0 || State.SafetyStock < 0 || State.Damaged < 0)
        {
            problems.Add("a quantity is negative");
        }

        return problems;
    }

    /// <summary>
    /// What storage must say about a reservation before a decision on it, or null when memory knows (a live hold, an
    /// order or an end remembered). Asked again after <see cref="Learn"/>, as other decisions may have run meanwhile.
    /// </summary>
    public StockLookup? LookupReservation(string reservationId) =>
        KnowsReservation(reservationId) ? null : new StockLookup { ReservationId = reservationId };

    /// <summary>What storage must say about a feed operation id before it is applied (whether it was), or null.</summary>
    public StockLookup? LookupOperation(string operationId) =>
        KnowsOperation(operationId) ? null : new StockLookup { OperationId = operationId };

    /// <summary>What storage must sum before a count as of <paramref name="asOf"/> is applied, or null.</summary>
    public StockLookup? LookupCount(DateTimeOffset asOf, DateTimeOffset now) =>
        IsFutureDated(asOf, now) || LastTrustedCount(now) is { } last && asOf <= last || _counts.OnHandChangedAfter(asOf, State) is not null
            ? null
            : new StockLookup { OnHandChangedAfter = asOf, ThroughSequence = DurableSequence };

    /// <summary>Takes in what storage said, unless memory knows better (a decision changed it meanwhile).</summary>
    public void Learn(StockFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var lookup = facts.Lookup;
        if (lookup.ReservationId is { } id && !KnowsReservation(id))
        {
            if (facts.Order is { } order)
            {
                _recent.Opened(order, now);
            }
            else
            {
                _recent.Ended(id, facts.Closed?.How, now);
            }
        }

        if (lookup.OperationId is { } operation && !KnowsOperation(operation))
        {
            _recent.Operation(operation, facts.OperationApplied, now);
        }

        if (lookup.OnHandChangedAfter is { } asOf)
        {
            _counts.Stored(asOf, lookup.ThroughSequence, facts.OnHandDeltaSum);
        }
    }

    /// <summary>Ends every hold whose time is up. Returns how many ended.</summary>
    public int ExpireDue(DateTimeOffset now)
    {
        var expired = 0;
        while (NextExpiry is { } at && at <= now)
        {
            var id = _expiries.Dequeue();
            if (!State.Holds.Remove(id, out var hold))
            {
                continue;
            }

            State.Reserved -= hold.Quantity;
            Close(id, StockChangeCause.Expire, now);
            Changed(StockChangeCause.Expire, id, now);
            expired++;
        }

        Prune(now);
        return expired;
    }

    /// <summary>
    /// Holds units. A first request of a reservation id is decided from memory alone: a fresh id cannot have ended
    /// here. A <see cref="HoldRequest.Repeat"/> (or a re-take) first needs the reservation's stored facts.
    /// </summary>
    public HoldResult Hold(HoldRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.ReservationId;
        if (State.Holds.TryGetValue(id, out var existing))
        {
            // A repeat (or a commit-time re-take) of a live hold: keep it, never shorten it.
            if (request.ExpiresAt > existing.ExpiresAt)
            {
                SetHold(id, existing with { ExpiresAt = request.ExpiresAt });
                Changed(StockChangeCause.Extend, id, now);
            }

            return new HoldResult(HoldOutcome.Held, Available, State.Version);
        }

        if (_recent.HasOrder(id))
        {
            return new HoldResult(HoldOutcome.AlreadyCommitted, Available, State.Version);
        }

        if (_recent.EndedAs(id) is { } how && !(request.Retake && IsRetakable(how)))
        {
            return new HoldResult(how == StockChangeCause.Expire ? HoldOutcome.Expired : HoldOutcome.Closed, Available, State.Version);
        }

        if (request.ExpiresAt <= now)
        {
            return new HoldResult(HoldOutcome.Expired, Available, State.Version);
        }

        if (request.Quantity <= 0 || request.Quantity > Available)
        {
            return new HoldResult(HoldOutcome.Insufficient, Available, State.Version);
        }

        _recent.Reopened(id);
        State.Reserved += request.Quantity;
        // The version after this change orders the holds: the oldest are served first in a shortfall.
        SetHold(id, new HeldUnits(request.Quantity, request.ExpiresAt) { Placed = State.Version + 1 });
        Changed(StockChangeCause.Hold, id, now);
        return new HoldResult(HoldOutcome.Held, Available, State.Version);
    }

    public LineResult Extend(string reservationId, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (!State.Holds.TryGetValue(reservationId, out var hold))
        {
            return Line(LineOutcome.NotFound);
        }

        if (hold.ExpiresAt == expiresAt)
        {
            return Line(LineOutcome.AlreadyDone);
        }

        if (IsShort(reservationId))
        {
            return Line(LineOutcome.InShortfall);
        }

        SetHold(reservationId, hold with { ExpiresAt = expiresAt });
        Changed(StockChangeCause.Extend, reservationId, now);
        return Line(LineOutcome.Done);
    }

    /// <summary>
    /// Ends a hold. A release of a hold that is not here may come before the hold itself (a reservation gives back the
    /// lines of a placement whose calls failed, and a failed call can still arrive): it leaves the reservation closed,
    /// so the late hold is refused. Decided with the reservation's stored facts when memory has none.
    /// </summary>
    public LineResult Release(string reservationId, DateTimeOffset now)
    {
        if (!State.Holds.Remove(reservationId, out var hold))
        {
            if (_recent.HasOrder(reservationId))
            {
                return Line(LineOutcome.NotFound);
            }

            if (_recent.EndedAs(reservationId) is not null)
            {
                return Line(LineOutcome.AlreadyDone);
            }

            Close(reservationId, StockChangeCause.Release, now);
            Changed(StockChangeCause.Release, reservationId, now);
            return Line(LineOutcome.NotFound);
        }

        State.Reserved -= hold.Quantity;
        Close(reservationId, StockChangeCause.Release, now);
        Changed(StockChangeCause.Release, reservationId, now);
        return Line(LineOutcome.Done);
    }

    public LineResult Commit(string reservationId, DateTimeOffset now, string actor = InventoryActor.System)
    {
        if (_recent.HasOrder(reservationId))
        {
            return Line(LineOutcome.AlreadyDone);
        }

        if (!State.Holds.TryGetValue(reservationId, out var hold))
        {
            return Line(LineOutcome.NotFound);
        }

        if (IsShort(reservationId))
        {
            return Line(LineOutcome.InShortfall);
        }

        State.Holds.Remove(reservationId);
        State.Reserved -= hold.Quantity;
        State.Committed += hold.Quantity;
        OpenOrder(new StockOrder(reservationId, hold.Quantity, hold, now));
        if (State.Committed > State.OnHand)
        {
            OversellIncidents++;
        }

        Changed(StockChangeCause.Commit, reservationId, now);
        Move(StockMovementKind.Commit, new StockQuantities(0, hold.Quantity, 0, 0), reservationId, now, now, actor);
        return Line(LineOutcome.Done);
    }

    /// <summary>Takes a commit back into the hold it came from (its reservation commits all lines or none).</summary>
    public LineResult Uncommit(string reservationId, DateTimeOffset now, string actor = InventoryActor.System)
    {
        if (State.Holds.ContainsKey(reservationId) && !_recent.HasOrder(reservationId))
        {
            return Line(LineOutcome.AlreadyDone);
        }

        if (!EndOrder(reservationId, out var order))
        {
            return Line(LineOutcome.NotFound);
        }

        State.Committed -= order.Quantity;
        State.Reserved += order.Quantity;
        _recent.Reopened(reservationId);
        SetHold(reservationId, order.Hold);
        Changed(StockChangeCause.Uncommit, reservationId, now);
        Move(StockMovementKind.Uncommit, new StockQuantities(0, -order.Quantity, 0, 0), reservationId, now, now, actor);
        return Line(LineOutcome.Done);
    }

    public LineResult Ship(string reservationId, DateTimeOffset now, string actor = InventoryActor.System)
    {
        if (!EndOrder(reservationId, out var order))
        {
            return Line(IsClosedAs(reservationId, StockChangeCause.Ship) ? LineOutcome.AlreadyDone : LineOutcome.NotFound);
        }

        // A count may have put onHand below what was sold; shipping never drives it negative.
        var shipped = Math.Min(order.Quantity, State.OnHand);
        State.Committed -= order.Quantity;
        State.OnHand -= shipped;
        Close(reservationId, StockChangeCause.Ship, now);
        Changed(StockChangeCause.Ship, reservationId, now);
        Move(StockMovementKind.Ship, new StockQuantities(-shipped, -order.Quantity, 0, 0), reservationId, now, now, actor);
        return Line(LineOutcome.Done);
    }

    public LineResult CancelCommitted(string reservationId, DateTimeOffset now, string actor = InventoryActor.System)
    {
        if (!EndOrder(reservationId, out var order))
        {
            return Line(IsClosedAs(reservationId, StockChangeCause.CancelCommitted) ? LineOutcome.AlreadyDone : LineOutcome.NotFound);
        }

        State.Committed -= order.Quantity;
        Close(reservationId, StockChangeCause.CancelCommitted, now);
        Changed(StockChangeCause.CancelCommitted, reservationId, now);
        Move(StockMovementKind.Cancel, new StockQuantities(0, -order.Quantity, 0, 0), reservationId, now, now, actor);
        return Line(LineOutcome.Done);
    }

    /// <summary>Whether this reservation's live hold is among the newest beyond what is on hand (see the class).</summary>
    public bool IsShort(string reservationId)
    {
        if (Shortfall == 0 || !State.Holds.ContainsKey(reservationId))
        {
            return false;
        }

        _shortHolds ??= ShortHolds.Of(State);
        return _shortHolds.Contains(reservationId);
    }

    /// <summary>
    /// A count: onHand becomes its figure plus the onHand changes of the movements that occurred after its
    /// <see cref="StockCount.AsOf"/> (already applied here). Needs <see cref="StockQuestion.CountAsOf"/> facts first when
    /// a movement occurred after it.
    /// </summary>
    public StockFeedResult SetCount(StockCount count, DateTimeOffset now, string actor = InventoryActor.System)
    {
        ArgumentNullException.ThrowIfNull(count);
        if (IsFutureDated(count.AsOf, now))
        {
            return FutureDated("asOf", count.AsOf, now);
        }

        if (LastTrustedCount(now) is { } last && count.AsOf <= last)
        {
            State.StaleCountsIgnored++;
            return Feed(StockFeedOutcome.Stale, $"a count as of {last:O} is already applied");
        }

        if (count.AsOf < now - _options.MovementRetention)
        {
            State.StaleCountsIgnored++;
            return Feed(StockFeedOutcome.Stale, $"a count older than the ledger's retention ({_options.MovementRetention.TotalDays:0} days) cannot be reconciled");
        }

        if (IsNotAt(count.ExpectedVersion))
        {
            return VersionMismatch(count.ExpectedVersion!.Value);
        }

        var later = _counts.OnHandChangedAfter(count.AsOf, State)
            ?? throw new InvalidOperationException($"Stock {_key}: a count as of {count.AsOf:O} was decided before the movements after it were looked up.");
        var onHand = Math.Max(0, count.OnHand + later);
        var variance = onHand - State.OnHand;
        var safetyDelta = count.SafetyStock is { } safety ? safety - State.SafetyStock : 0;
        State.LastCountAsOf = count.AsOf;
        State.OnHand = onHand;
        State.SafetyStock += safetyDelta;
        Changed(StockChangeCause.Count, null, now);
        // Recorded even when it confirms the figure: "counted, and right" is history too.
        Move(StockMovementKind.Count, new StockQuantities(variance, 0, 0, safetyDelta), null, count.AsOf, now, actor, variance: variance);

        return Feed(StockFeedOutcome.Applied);
    }

    public StockFeedResult Adjust(StockAdjustment adjustment, DateTimeOffset now, string actor = InventoryActor.System)
    {
        ArgumentNullException.ThrowIfNull(adjustment);
        if (Refused(adjustment.OperationId, adjustment.ExpectedVersion, adjustment.OccurredAt, now) is { } refused)
        {
            return refused;
        }

        if (State.OnHand + adjustment.Delta < 0)
        {
            return Feed(StockFeedOutcome.Rejected, $"onHand is {State.OnHand}; a delta of {adjustment.Delta} would make it negative");
        }

        State.OnHand += adjustment.Delta;
        ApplyFeed(StockChangeCause.Adjust, StockMovementKind.Adjustment, new StockQuantities(adjustment.Delta, 0, 0, 0),
            adjustment.OperationId, adjustment.OccurredAt, now, actor, adjustment.Reason, adjustment.Note);
        return Feed(StockFeedOutcome.Applied);
    }

    public StockFeedResult Receive(StockReceipt receipt, DateTimeOffset now, string actor = InventoryActor.System)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        if (Refused(receipt.OperationId, receipt.ExpectedVersion, receipt.OccurredAt, now) is { } refused)
        {
            return refused;
        }

        State.OnHand += receipt.Quantity;
        ApplyFeed(StockChangeCause.Receive, StockMovementKind.Receipt, new StockQuantities(receipt.Quantity, 0, 0, 0),
            receipt.OperationId, receipt.OccurredAt, now, actor);
        return Feed(StockFeedOutcome.Applied);
    }

    public StockFeedResult Return(StockReturn stockReturn, DateTimeOffset now, string actor = InventoryActor.System)
    {
        ArgumentNullException.ThrowIfNull(stockReturn);
        if (Refused(stockReturn.OperationId, stockReturn.ExpectedVersion, stockReturn.OccurredAt, now) is { } refused)
        {
            return refused;
        }

        var delta = stockReturn.Restock
            ? new StockQuantities(stockReturn.Quantity, 0, 0, 0)
            : new StockQuantities(0, 0, stockReturn.Quantity, 0);
        State.OnHand += delta.OnHand;
        State.Damaged += delta.Damaged;
        ApplyFeed(StockChangeCause.Return, StockMovementKind.Return, delta, stockReturn.OperationId, stockReturn.OccurredAt, now, actor);
        return Feed(StockFeedOutcome.Applied);
    }

    /// <summary>Why a feed operation changes nothing (a repeat, dated too far ahead, or not at the expected version), or null.</summary>
    private StockFeedResult? Refused(string operationId, long? expectedVersion, DateTimeOffset? occurredAt, DateTimeOffset now)
    {
        if (_recent.IsApplied(operationId) || State.AppliedOperations.ContainsKey(operationId))
        {
            State.DuplicatesIgnored++;
            return Feed(StockFeedOutcome.Duplicate);
        }

        if (occurredAt is { } at && IsFutureDated(at, now))
        {
            return FutureDated("occurredAt", at, now);
        }

        return IsNotAt(expectedVersion) ? VersionMismatch(expectedVersion!.Value) : null;
    }

    private void ApplyFeed(
        StockChangeCause cause, StockMovementKind kind, StockQuantities delta, string operationId, DateTimeOffset? occurredAt,
        DateTimeOffset now, string actor, string? reason = null, string? note = null)
    {
        _recent.Operation(operationId, applied: true, now);
        Changed(cause, operationId, now);
        Move(kind, delta, operationId, occurredAt ?? now, now, actor, reason, note);
    }

    private bool IsFutureDated(DateTimeOffset at, DateTimeOffset now) => at > now + _options.MaxClockSkew;

    private StockFeedResult FutureDated(string field, DateTimeOffset at, DateTimeOffset now) =>
        Feed(StockFeedOutcome.FutureDated, $"{field} {at:O} is more than {_options.MaxClockSkew} ahead of the pair's clock ({now:O})");

    /// <summary>
    /// The last applied count's asOf, unless it lies beyond the allowed clock skew: such a count was accepted before
    /// future dates were refused, and must not make every correct count after it stale.
    /// </summary>
    private DateTimeOffset? LastTrustedCount(DateTimeOffset now) =>
        State.LastCountAsOf is { } last && !IsFutureDated(last, now) ? last : null;

    private bool KnowsReservation(string id) => State.Holds.ContainsKey(id) || _recent.KnowsReservation(id);

    private bool KnowsOperation(string id) => _recent.KnowsOperation(id) || State.AppliedOperations.ContainsKey(id);

    private bool IsNotAt(long? expectedVersion) => expectedVersion is { } expected && expected != State.Version;

    private StockFeedResult VersionMismatch(long expected) =>
        Feed(StockFeedOutcome.VersionMismatch, $"the pair is at version {State.Version}, not {expected}");

    private static bool IsRetakable(StockChangeCause how) => how is StockChangeCause.Expire or StockChangeCause.Release;

    private bool IsClosedAs(string reservationId, StockChangeCause how) => _recent.EndedAs(reservationId) == how;

    private void OpenOrder(StockOrder order)
    {
        _recent.Opened(order, order.CommittedAt);
        _pendingOpened[order.ReservationId] = order;
        _pendingEnded.Remove(order.ReservationId);
    }

    private bool EndOrder(string reservationId, out StockOrder order)
    {
        if (!_recent.TryTakeOrder(reservationId, out order))
        {
            return false;
        }

        // An order opened and ended before any write took it was never stored.
        if (!_pendingOpened.Remove(reservationId))
        {
            _pendingEnded.Add(reservationId);
        }

        return true;
    }

    private void Close(string reservationId, StockChangeCause how, DateTimeOffset now)
    {
        _recent.Ended(reservationId, how, now);
        _pendingClosed[reservationId] = new ClosedReservation(how, now);
    }

    private void SetHold(string reservationId, HeldUnits hold)
    {
        State.Holds[reservationId] = hold;
        _expiries.Enqueue(reservationId, hold.ExpiresAt);
    }

    private void Changed(StockChangeCause cause, string? reference, DateTimeOffset now)
    {
        State.Version++;
        State.UpdatedAt = now;
        _shortHolds = null;
        _pending.Add(new StockChanged { Snapshot = Snapshot(), Cause = cause, Reference = reference });
    }

    /// <summary>Appends the movement of the change just made; its quantities after are the state's now.</summary>
    private void Move(
        StockMovementKind kind, StockQuantities delta, string? reference, DateTimeOffset occurredAt, DateTimeOffset now, string actor,
        string? reason = null, string? note = null, long? variance = null)
    {
        // Whole microseconds, as PostgreSQL keeps them, so a movement reads back exactly as it was decided; recorded
        // times never go back, so retention deletes a prefix of the ledger.
        var recordedAt = Max(Microseconds(now), State.LastRecordedAt ?? DateTimeOffset.MinValue);
        var movement = new StockMovement
        {
            Sequence = ++State.MovementSequence,
            Kind = kind,
            Delta = delta,
            After = new StockQuantities(State.OnHand, State.Committed, State.Damaged, State.SafetyStock),
            Reason = reason,
            Note = note,
            Reference = reference,
            Actor = actor,
            OccurredAt = Microseconds(occurredAt),
            RecordedAt = recordedAt,
            Variance = variance,
        };
        State.LastRecordedAt = recordedAt;
        if (delta.OnHand != 0)
        {
            State.LastOnHandOccurredAt = Max(movement.OccurredAt, State.LastOnHandOccurredAt ?? DateTimeOffset.MinValue);
        }

        _pendingMovements.Add(movement);
        _counts.Recorded(movement);
    }

    /// <summary>
    /// A pair stored before its indexes existed keeps its orders and ended reservations in its row: its next write moves
    /// them into their own tables (the row then carries none), and memory answers from them meanwhile.
    /// </summary>
    private void AdoptLegacyIndexes()
    {
        foreach (var (id, quantity) in State.CommittedByReservation)
        {
            // Remembered until this activation ends: storage has none of them until the next write.
            var at = State.UpdatedAt ?? DateTimeOffset.MinValue;
            var order = new StockOrder(id, quantity, new HeldUnits(quantity, at), at);
            _recent.Opened(order, DateTimeOffset.MaxValue);
            _pendingOpened[id] = order;
        }

        foreach (var (id, closed) in State.Closed)
        {
            _recent.Ended(id, closed.How, DateTimeOffset.MaxValue);
            _pendingClosed[id] = closed;
        }

        State.CommittedByReservation.Clear();
        State.Closed.Clear();
    }

    private void Prune(DateTimeOffset now)
    {
        if (now - _lastPrune < PruneInterval)
        {
            return;
        }

        _lastPrune = now;
        var cutoff = now - _options.RecentInMemory;
        _recent.ForgetBefore(cutoff);
        _counts.ForgetBefore(cutoff, DurableSequence);
        foreach (var (id, at) in State.AppliedOperations)
        {
            if (at < now - LegacyOperationRetention)
            {
                State.AppliedOperations.Remove(id);
            }
        }
    }

    private static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.Ticks - at.Ticks % 10, at.Offset);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private LineResult Line(LineOutcome outcome) => new(outcome, State.Version);

    private StockFeedResult Feed(StockFeedOutcome outcome, string? reason = null) => new(outcome, Snapshot(), reason);
}
