namespace Inventory.Stock;

/// <summary>
/// The rules of one stock pair, as pure code over <see cref="StockState"/>: no I/O, no clock of its own, no Orleans.
/// Every operation decides at once; each change bumps the version and is queued in <see cref="PendingChanges"/>
/// until the owner takes them with <see cref="TakePendingWrite"/> to make them durable. A change that places, changes
/// or ends a hold names its reservation, so a write can tell the holds it must store anew from the changes alone.
/// </summary>
public sealed class StockLedger
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly StockKey _key;
    private readonly StockOptions _options;
    private readonly List<StockChanged> _pending = [];

    // Earliest expiry first; stale entries (released or extended holds) are skipped when they surface.
    private readonly PriorityQueue<string, DateTimeOffset> _expiries = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public StockLedger(StockKey key, StockState state, StockOptions options)
    {
        _key = key;
        State = state;
        _options = options;
        foreach (var (id, hold) in state.Holds)
        {
            _expiries.Enqueue(id, hold.ExpiresAt);
        }
    }

    public StockState State { get; }

    /// <summary>Changes decided but not yet handed out by <see cref="TakePendingWrite"/>.</summary>
    public IReadOnlyList<StockChanged> PendingChanges => _pending;

    /// <summary>Times a decision would have sold more than is on hand. Must stay 0; counted, never hidden.</summary>
    public long OversellIncidents { get; private set; }

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
        Status = Status,
        ActiveHolds = State.Holds.Count,
        LastCountAsOf = State.LastCountAsOf,
        StaleCountsIgnored = State.StaleCountsIgnored,
        DuplicatesIgnored = State.DuplicatesIgnored,
        UpdatedAt = State.UpdatedAt,
    };

    /// <summary>Hands out what was decided since the last call, for the owner to make durable.</summary>
    public StockWrite TakePendingWrite()
    {
        var taken = new StockWrite(State, _pending.ToArray());
        _pending.Clear();
        return taken;
    }

    /// <summary>Forgets changes that will never be durable (their write failed and the state is being reloaded).</summary>
    public void DiscardPendingChanges() => _pending.Clear();

    /// <summary>Violated invariants of the state, empty when all hold. Checked on load; O(holds).</summary>
    public IReadOnlyList<string> CheckInvariants()
    {
        var problems = new List<string>();
        var sumOfHolds = State.Holds.Values.Sum(h => h.Quantity);
        if (sumOfHolds != State.Reserved)
        {
            problems.Add($"reserved {State.Reserved} differs from the sum of live holds {sumOfHolds}");
        }

        var sumOfCommitted = State.CommittedByReservation.Values.Sum();
        if (sumOfCommitted != State.Committed)
        {
            problems.Add($"committed {State.Committed} differs from the sum of committed reservations {sumOfCommitted}");
        }

        if (State.OnHand < 0 || State.Reserved < 0 || State.Committed < 0 || State.SafetyStock < 0 || State.Damaged < 0)
        {
            problems.Add("a quantity is negative");
        }

        return problems;
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

        PruneRememberedIds(now);
        return expired;
    }

    public HoldResult Hold(HoldRequest request, DateTimeOffset now)
    {
        var id = request.ReservationId;
        if (State.Holds.TryGetValue(id, out var existing))
        {
            // A repeat (or a commit-time re-take) of a live hold: keep it, never shorten it.
            if (request.ExpiresAt > existing.ExpiresAt)
            {
                SetExpiry(id, existing with { ExpiresAt = request.ExpiresAt });
                Changed(StockChangeCause.Extend, id, now);
            }

            return new HoldResult(HoldOutcome.Held, Available, State.Version);
        }

        if (State.CommittedByReservation.ContainsKey(id))
        {
            return new HoldResult(HoldOutcome.AlreadyCommitted, Available, State.Version);
        }

        if (State.Closed.TryGetValue(id, out var closed) && !(request.Retake && IsRetakable(closed.How)))
        {
            return new HoldResult(closed.How == StockChangeCause.Expire ? HoldOutcome.Expired : HoldOutcome.Closed, Available, State.Version);
        }

        if (request.ExpiresAt <= now)
        {
            return new HoldResult(HoldOutcome.Expired, Available, State.Version);
        }

        if (request.Quantity <= 0 || request.Quantity > Available)
        {
            return new HoldResult(HoldOutcome.Insufficient, Available, State.Version);
        }

        State.Closed.Remove(id);
        State.Reserved += request.Quantity;
        SetExpiry(id, new HeldUnits(request.Quantity, request.ExpiresAt));
        CountOversell();
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

        SetExpiry(reservationId, hold with { ExpiresAt = expiresAt });
        Changed(StockChangeCause.Extend, reservationId, now);
        return Line(LineOutcome.Done);
    }

    /// <summary>
    /// Ends a hold. A release of a hold that is not here may come before the hold itself (a reservation gives back the
    /// lines of a placement whose calls failed, and a failed call can still arrive): it leaves the reservation closed,
    /// so the late hold is refused.
    /// </summary>
    public LineResult Release(string reservationId, DateTimeOffset now)
    {
        if (!State.Holds.Remove(reservationId, out var hold))
        {
            if (State.Closed.ContainsKey(reservationId))
            {
                return Line(LineOutcome.AlreadyDone);
            }

            if (State.CommittedByReservation.ContainsKey(reservationId))
            {
                return Line(LineOutcome.NotFound);
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

    public LineResult Commit(string reservationId, DateTimeOffset now)
    {
        if (State.CommittedByReservation.ContainsKey(reservationId))
        {
            return Line(LineOutcome.AlreadyDone);
        }

        if (!State.Holds.Remove(reservationId, out var hold))
        {
            return Line(LineOutcome.NotFound);
        }

        State.Reserved -= hold.Quantity;
        State.Committed += hold.Quantity;
        State.CommittedByReservation[reservationId] = hold.Quantity;
        CountOversell();
        Changed(StockChangeCause.Commit, reservationId, now);
        return Line(LineOutcome.Done);
    }

    public LineResult Ship(string reservationId, DateTimeOffset now)
    {
        if (!State.CommittedByReservation.Remove(reservationId, out var quantity))
        {
            return Line(IsClosedAs(reservationId, StockChangeCause.Ship) ? LineOutcome.AlreadyDone : LineOutcome.NotFound);
        }

        State.Committed -= quantity;
        // A count may have put onHand below what was sold; shipping never drives it negative.
        State.OnHand -= Math.Min(quantity, State.OnHand);
        Close(reservationId, StockChangeCause.Ship, now);
        Changed(StockChangeCause.Ship, reservationId, now);
        return Line(LineOutcome.Done);
    }

    public LineResult CancelCommitted(string reservationId, DateTimeOffset now)
    {
        if (!State.CommittedByReservation.Remove(reservationId, out var quantity))
        {
            return Line(IsClosedAs(reservationId, StockChangeCause.CancelCommitted) ? LineOutcome.AlreadyDone : LineOutcome.NotFound);
        }

        State.Committed -= quantity;
        Close(reservationId, StockChangeCause.CancelCommitted, now);
        Changed(StockChangeCause.CancelCommitted, reservationId, now);
        return Line(LineOutcome.Done);
    }

    public StockFeedResult SetCount(StockCount count, DateTimeOffset now)
    {
        if (IsNotAt(count.ExpectedVersion))
        {
            return VersionMismatch(count.ExpectedVersion!.Value);
        }

        if (State.LastCountAsOf is { } last && count.AsOf <= last)
        {
            State.StaleCountsIgnored++;
            return Feed(StockFeedOutcome.Stale, $"a count as of {last:O} is already applied");
        }

        State.LastCountAsOf = count.AsOf;
        State.OnHand = count.OnHand;
        if (count.SafetyStock is { } safety)
        {
            State.SafetyStock = safety;
        }

        Changed(StockChangeCause.Count, null, now);
        return Feed(StockFeedOutcome.Applied);
    }

    public StockFeedResult Adjust(StockAdjustment adjustment, DateTimeOffset now)
    {
        if (IsDuplicate(adjustment.OperationId))
        {
            return Feed(StockFeedOutcome.Duplicate);
        }

        if (IsNotAt(adjustment.ExpectedVersion))
        {
            return VersionMismatch(adjustment.ExpectedVersion!.Value);
        }

        if (State.OnHand + adjustment.Delta < 0)
        {
            return Feed(StockFeedOutcome.Rejected, $"onHand is {State.OnHand}; a delta of {adjustment.Delta} would make it negative");
        }

        State.OnHand += adjustment.Delta;
        Applied(adjustment.OperationId, now);
        Changed(StockChangeCause.Adjust, adjustment.OperationId, now);
        return Feed(StockFeedOutcome.Applied);
    }

    public StockFeedResult Receive(StockReceipt receipt, DateTimeOffset now)
    {
        if (IsDuplicate(receipt.OperationId))
        {
            return Feed(StockFeedOutcome.Duplicate);
        }

        if (IsNotAt(receipt.ExpectedVersion))
        {
            return VersionMismatch(receipt.ExpectedVersion!.Value);
        }

        State.OnHand += receipt.Quantity;
        Applied(receipt.OperationId, now);
        Changed(StockChangeCause.Receive, receipt.OperationId, now);
        return Feed(StockFeedOutcome.Applied);
    }

    public StockFeedResult Return(StockReturn stockReturn, DateTimeOffset now)
    {
        if (IsDuplicate(stockReturn.OperationId))
        {
            return Feed(StockFeedOutcome.Duplicate);
        }

        if (IsNotAt(stockReturn.ExpectedVersion))
        {
            return VersionMismatch(stockReturn.ExpectedVersion!.Value);
        }

        if (stockReturn.Restock)
        {
            State.OnHand += stockReturn.Quantity;
        }
        else
        {
            State.Damaged += stockReturn.Quantity;
        }

        Applied(stockReturn.OperationId, now);
        Changed(StockChangeCause.Return, stockReturn.OperationId, now);
        return Feed(StockFeedOutcome.Applied);
    }

    private bool IsNotAt(long? expectedVersion) => expectedVersion is { } expected && expected != State.Version;

    private StockFeedResult VersionMismatch(long expected) =>
        Feed(StockFeedOutcome.VersionMismatch, $"the pair is at version {State.Version}, not {expected}");

    private static bool IsRetakable(StockChangeCause how) => how is StockChangeCause.Expire or StockChangeCause.Release;

    private bool IsClosedAs(string reservationId, StockChangeCause how) =>
        State.Closed.TryGetValue(reservationId, out var closed) && closed.How == how;

    private bool IsDuplicate(string operationId)
    {
        if (!State.AppliedOperations.ContainsKey(operationId))
        {
            return false;
        }

        State.DuplicatesIgnored++;
        return true;
    }

    private void Applied(string operationId, DateTimeOffset now) => State.AppliedOperations[operationId] = now;

    private void Close(string reservationId, StockChangeCause how, DateTimeOffset now) =>
        State.Closed[reservationId] = new ClosedReservation(how, now);

    private void SetExpiry(string reservationId, HeldUnits hold)
    {
        State.Holds[reservationId] = hold;
        _expiries.Enqueue(reservationId, hold.ExpiresAt);
    }

    private void CountOversell()
    {
        if (State.Reserved + State.Committed > State.OnHand)
        {
            OversellIncidents++;
        }
    }

    private void Changed(StockChangeCause cause, string? reference, DateTimeOffset now)
    {
        State.Version++;
        State.UpdatedAt = now;
        _pending.Add(new StockChanged { Snapshot = Snapshot(), Cause = cause, Reference = reference });
    }

    private void PruneRememberedIds(DateTimeOffset now)
    {
        if (now - _lastPrune < PruneInterval)
        {
            return;
        }

        _lastPrune = now;
        RemoveOlderThan(State.Closed, now - _options.ClosedReservationRetention, c => c.At);
        RemoveOlderThan(State.AppliedOperations, now - _options.OperationIdRetention, at => at);
    }

    private static void RemoveOlderThan<T>(Dictionary<string, T> entries, DateTimeOffset cutoff, Func<T, DateTimeOffset> time)
    {
        foreach (var (id, entry) in entries)
        {
            if (time(entry) < cutoff)
            {
                entries.Remove(id);
            }
        }
    }

    private LineResult Line(LineOutcome outcome) => new(outcome, State.Version);

    private StockFeedResult Feed(StockFeedOutcome outcome, string? reason = null) => new(outcome, Snapshot(), reason);
}
