using Inventory.Diagnostics;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inventory.Reservations;

/// <summary>
/// One checkout's hold on its lines. Every transition is written down (as an intent) before its stock calls are
/// made and finished on reactivation if the silo died half-way. A grain timer expires the hold on time; the stock
/// grains also expire their own holds, so a lost reservation can never leave stock stuck. A transition that a failed
/// stock call leaves half-done is finished by a timer soon, and an order step (commit, fulfil, cancel) also by a
/// durable reminder, so none waits for somebody to call the reservation again.
/// </summary>
public sealed partial class ReservationGrain(
    [PersistentState("reservation", InventoryNames.GrainStorage)] IPersistentState<ReservationState> state,
    IOptions<ReservationOptions> options,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
    ILogger<ReservationGrain> logger) : Grain, IReservationGrain, IIncomingGrainCallFilter, IRemindable
{
    private const string SettleReminder = "settle";

    private readonly ReservationOptions _options = options.Value;
    private IGrainTimer? _expiryTimer;
    private IGrainTimer? _retryTimer;
    private IGrainReminder? _settleReminder;
    private bool _settleReminderDropping;

    private string Id => this.GetPrimaryKeyString();

    private ReservationState Record => state.State;

    /// <summary>
    /// Every command runs in a log scope carrying its <c>ReservationId</c> and is counted by outcome on whichever
    /// path it returns (including replays, conflicts and refusals). One that fails half-way through a transition
    /// leaves it to a timer to finish soon, not to the next caller.
    /// </summary>
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ReservationId"] = Id });
        try
        {
            await context.Invoke();
        }
        catch
        {
            RetryUnfinishedSoon();
            throw;
        }

        if (context.Result is ReservationReply reply)
        {
            Count(context.InterfaceMethod.Name.Replace("Async", "", StringComparison.Ordinal).ToLowerInvariant(), reply.Outcome);
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await SettleAsync();
        }
    }

    public async Task<ReservationReply> CreateAsync(CreateReservation request)
    {
        if (state.RecordExists)
        {
            await SettleAsync();
            if (!SameLines(Record.Lines, request.Lines))
            {
                return Reply(ReservationOutcome.Conflict, "This reservation id is already used for different lines.");
            }

            // Still pending once settled: an earlier placement could not reach a pair and was undone. Place it anew.
            if (Record.Status != ReservationStatus.Pending)
            {
                return Reply(Record.Status == ReservationStatus.Rejected ? ReservationOutcome.Insufficient : ReservationOutcome.Replayed);
            }
        }

        var now = clock.GetUtcNow();
        var ttl = request.Ttl <= TimeSpan.Zero ? _options.DefaultTtl : Min(request.Ttl, _options.MaxTtl);
        Record.Lines = [.. request.Lines];
        Record.CreatedAt = now;
        Record.ExpiresAt = now + ttl;
        await TransitionAsync(ReservationStatus.Pending, ReservationIntent.Hold);
        await HoldLinesAsync();
        return Record.Status switch
        {
            ReservationStatus.Held => Reply(ReservationOutcome.Ok),
            ReservationStatus.Pending => Reply(ReservationOutcome.Unavailable,
                "A stock pair could not be reached, so nothing is held for this reservation; the same create again places it."),
            _ => Reply(ReservationOutcome.Insufficient),
        };
    }

    public async Task<ReservationView?> GetAsync()
    {
        if (!state.RecordExists)
        {
            NotFound();
            return null;
        }

        await SettleAsync();
        return View();
    }

    public async Task<ReservationReply> ExtendAsync(TimeSpan ttl)
    {
        if (!state.RecordExists)
        {
            return NotFound();
        }

        await SettleAsync();
        if (Record.Status != ReservationStatus.Held)
        {
            return Reply(ReservationOutcome.InvalidState, $"Only a held reservation can be extended; this one is {Record.Status}.");
        }

        var now = clock.GetUtcNow();
        var expiresAt = now + Min(ttl, _options.MaxTtl);
        var latest = Record.CreatedAt + _options.MaxLifetime;
        if (expiresAt > latest)
        {
            return Reply(ReservationOutcome.InvalidState, $"A reservation cannot be held past {latest:O} ({_options.MaxLifetime} after creation).");
        }

        var results = await ForEachLineAsync(line => Stock(line).ExtendAsync(Id, expiresAt));
        if (results.Any(r => r.Outcome == LineOutcome.NotFound))
        {
            // A stock grain already let a hold go: the reservation's time is up.
            await ReleaseLinesAsync(ReservationStatus.Expired, ReservationIntent.Expire);
            return Reply(ReservationOutcome.InvalidState, "The reservation expired before it could be extended.");
        }

        Record.ExpiresAt = expiresAt;
        await TransitionAsync(ReservationStatus.Held, ReservationIntent.None);
        ScheduleExpiry();
        return Reply(ReservationOutcome.Ok);
    }

    public async Task<ReservationReply> CommitAsync(string orderId)
    {
        if (!state.RecordExists)
        {
            return NotFound();
        }

        await SettleAsync();
        switch (Record.Status)
        {
            case ReservationStatus.Committed or ReservationStatus.Fulfilled or ReservationStatus.Cancelled:
                return Record.OrderId == orderId
                    ? Reply(ReservationOutcome.Replayed)
                    : Reply(ReservationOutcome.Conflict, $"The reservation is already committed to order '{Record.OrderId}'.");
            case ReservationStatus.Pending or ReservationStatus.Released or ReservationStatus.Rejected:
                return Reply(ReservationOutcome.InvalidState, $"A {Record.Status.ToString().ToLowerInvariant()} reservation cannot be committed.");
        }

        // Held, or expired (a payment that completed late): both go through the same all-or-nothing commit.
        Record.OrderId = orderId;
        await BeginOrderStepAsync(Record.Status, ReservationIntent.Commit);
        await CommitLinesAsync();
        var outcome = Record.Status == ReservationStatus.Committed ? ReservationOutcome.Ok : ReservationOutcome.Insufficient;
        return Reply(outcome, outcome == ReservationOutcome.Insufficient
            ? "The reservation expired before payment completed and the stock is no longer available."
            : null);
    }

    public async Task<ReservationReply> ReleaseAsync()
    {
        if (!state.RecordExists)
        {
            return NotFound();
        }

        await SettleAsync();
        switch (Record.Status)
        {
            case ReservationStatus.Released or ReservationStatus.Expired or ReservationStatus.Rejected:
                return Reply(ReservationOutcome.Replayed);
            case ReservationStatus.Committed or ReservationStatus.Fulfilled or ReservationStatus.Cancelled:
                return Reply(ReservationOutcome.InvalidState, "A committed reservation cannot be released; cancel the order instead.");
        }

        await ReleaseLinesAsync(ReservationStatus.Released, ReservationIntent.Release);
        return Reply(ReservationOutcome.Ok);
    }

    public Task<ReservationReply> FulfillAsync() => FinishOrderAsync(ReservationStatus.Fulfilled, ReservationIntent.Fulfill);

    public Task<ReservationReply> CancelAsync() => FinishOrderAsync(ReservationStatus.Cancelled, ReservationIntent.Cancel);

    /// <summary>
    /// The backstop of an order step: finishes it if nobody else has (ending it drops the reminder), or drops a
    /// reminder that outlived its step (ended in an earlier activation, or its drop failed).
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.RecordExists && Record.Intent is (ReservationIntent.Commit or ReservationIntent.Fulfill or ReservationIntent.Cancel))
        {
            await SettleAsync();
        }
        else if (!_settleReminderDropping)
        {
            await DropSettleReminderAsync();
        }
    }

    private async Task<ReservationReply> FinishOrderAsync(ReservationStatus target, ReservationIntent intent)
    {
        if (!state.RecordExists)
        {
            return NotFound();
        }

        await SettleAsync();
        if (Record.Status == target)
        {
            return Reply(ReservationOutcome.Replayed);
        }

        if (Record.Status != ReservationStatus.Committed)
        {
            return Reply(ReservationOutcome.InvalidState, $"Only a committed reservation can be {target.ToString().ToLowerInvariant()}; this one is {Record.Status}.");
        }

        await BeginOrderStepAsync(ReservationStatus.Committed, intent);
        await FinishOrderLinesAsync(target);
        return Reply(ReservationOutcome.Ok);
    }

    /// <summary>Finishes an interrupted transition and expires a hold whose time is up.</summary>
    private async Task SettleAsync()
    {
        switch (Record.Intent)
        {
            case ReservationIntent.Hold:
                // Also how a held reservation is stored (see HoldLinesAsync), so not worth a warning.
                await HoldLinesAsync();
                break;
            case ReservationIntent.Commit:
                LogResuming(Id, Record.Intent);
                await CommitLinesAsync();
                break;
            case ReservationIntent.Release:
                await ReleaseLinesAsync(ReservationStatus.Released, ReservationIntent.Release);
                break;
            case ReservationIntent.Expire:
                await ReleaseLinesAsync(ReservationStatus.Expired, ReservationIntent.Expire);
                break;
            case ReservationIntent.Fulfill:
                LogResuming(Id, Record.Intent);
                await FinishOrderLinesAsync(ReservationStatus.Fulfilled);
                break;
            case ReservationIntent.Cancel:
                LogResuming(Id, Record.Intent);
                await FinishOrderLinesAsync(ReservationStatus.Cancelled);
                break;
        }

        if (Record.Status == ReservationStatus.Held)
        {
            if (clock.GetUtcNow() >= Record.ExpiresAt)
            {
                await ReleaseLinesAsync(ReservationStatus.Expired, ReservationIntent.Expire);
            }
            else
            {
                ScheduleExpiry();
            }
        }
    }

    private async Task HoldLinesAsync()
    {
        if (clock.GetUtcNow() >= Record.ExpiresAt)
        {
            await ReleaseLinesAsync(ReservationStatus.Expired, ReservationIntent.Expire);
            return;
        }

        HoldResult[] results;
        try
        {
            results = await PlaceHoldsAsync();
        }
        catch (Exception ex)
        {
            // Some lines may be held and others not: give back whatever was, so that nothing is held while the answer
            // says the reservation could not be placed.
            LogPlacingFailed(ex, Id);
            await UndoHoldsAsync(Record.Lines);
            Record.Shortfalls = [];
            await TransitionAsync(ReservationStatus.Pending, ReservationIntent.None);
            return;
        }

        if (results.Any(r => r.Outcome == HoldOutcome.Expired))
        {
            // A pair's clock reached the expiry before this grain's did (it came back just before its expiry): the
            // reservation's time is up, which is no refusal. Expired, a late payment can still re-take the stock.
            await ReleaseLinesAsync(ReservationStatus.Expired, ReservationIntent.Expire);
            return;
        }

        var shortfalls = Shortfalls(results);
        if (shortfalls.Count == 0)
        {
            // Not written: the stored record keeps "pending, intent hold", which a reactivation settles by placing the
            // holds again; the stock grains answer a repeated hold of a live hold with that hold, so the outcome is
            // the same and a reservation costs one write here instead of two. Every later transition is written.
            // UpdatedAt stays that of the stored record, so a reactivated reservation reads exactly as before.
            Record.Status = ReservationStatus.Held;
            Record.Intent = ReservationIntent.None;
            ScheduleExpiry();
            return;
        }

        // All or nothing: give back what was held before reporting the short lines. Only those: a release of a line
        // that was never held here leaves a mark at its pair (see StockLedger.Release), which a refusal does not need.
        await UndoHoldsAsync(Record.Lines.Where((_, i) => results[i].Outcome == HoldOutcome.Held));
        Record.Shortfalls = shortfalls;
        await TransitionAsync(ReservationStatus.Rejected, ReservationIntent.None);
    }

    /// <summary>
    /// Holds every line until the reservation's expiry. A line closed here was held by an earlier placement of this
    /// reservation that was undone (the stored record still asks for the holds, so no later step released it): it is
    /// taken again.
    /// </summary>
    private async Task<HoldResult[]> PlaceHoldsAsync()
    {
        var expiresAt = Record.ExpiresAt;
        var results = await ForEachLineAsync(line => Stock(line).HoldAsync(new HoldRequest(Id, line.Quantity, expiresAt)));
        var undone = Enumerable.Range(0, results.Length).Where(i => results[i].Outcome == HoldOutcome.Closed).ToList();
        if (undone.Count > 0)
        {
            var retaken = await ForEachAsync(undone.Select(i => Record.Lines[i]),
                line => Stock(line).HoldAsync(new HoldRequest(Id, line.Quantity, expiresAt, Retake: true)));
            for (var i = 0; i < undone.Count; i++)
            {
                results[undone[i]] = retaken[i];
            }
        }

        return results;
    }

    /// <summary>
    /// Gives back what a placement held on <paramref name="lines"/>. If a pair cannot be reached for that either, the
    /// stored record still asks for the holds: the reservation's timer ends them at its expiry (the pairs' own expiry
    /// if the grain is gone), unless the same create places them first.
    /// </summary>
    private async Task UndoHoldsAsync(IEnumerable<ReservationLine> lines)
    {
        try
        {
            await ForEachAsync(lines, line => Stock(line).ReleaseAsync(Id));
        }
        catch
        {
            ScheduleExpiry();
            throw;
        }
    }

    private async Task CommitLinesAsync()
    {
        var committed = await ForEachLineAsync(line => Stock(line).CommitAsync(Id));
        var missing = Record.Lines.Where((_, i) => committed[i].Outcome == LineOutcome.NotFound).ToList();
        if (missing.Count > 0)
        {
            // The hold expired (late payment): re-take the stock if it is still there, all lines or none.
            var graceUntil = clock.GetUtcNow() + _options.CommitGrace;
            var retaken = await ForEachAsync(missing, line => Stock(line).HoldAsync(new HoldRequest(Id, line.Quantity, graceUntil, Retake: true)));
            var shortfalls = missing.Select((line, i) => (line, result: retaken[i]))
                .Where(x => x.result.Outcome != HoldOutcome.Held && x.result.Outcome != HoldOutcome.AlreadyCommitted)
                .Select(x => new LineShortfall(x.line.Sku, x.line.Location, x.line.Quantity, x.result.Available))
                .ToList();
            if (shortfalls.Count > 0)
            {
                await ForEachAsync(missing, line => Stock(line).ReleaseAsync(Id));
                await ForEachAsync(Record.Lines.Where(l => !missing.Contains(l)), line => Stock(line).CancelCommittedAsync(Id));
                Record.Shortfalls = shortfalls;
                Record.OrderId = null;
                await EndOrderStepAsync(ReservationStatus.Expired);
                return;
            }

            var late = await ForEachAsync(missing, line => Stock(line).CommitAsync(Id));
            if (late.Any(r => r.Outcome == LineOutcome.NotFound))
            {
                // Keep the intent: the retry timer, the reminder or the next call finishes the commit.
                throw new InventoryUnavailableException($"Reservation {Id}: a re-taken hold vanished before it was committed; the commit will be retried.");
            }
        }

        Record.Shortfalls = [];
        await EndOrderStepAsync(ReservationStatus.Committed);
        CancelExpiry();
    }

    private async Task FinishOrderLinesAsync(ReservationStatus target)
    {
        await ForEachLineAsync(line => target == ReservationStatus.Fulfilled ? Stock(line).ShipAsync(Id) : Stock(line).CancelCommittedAsync(Id));
        await EndOrderStepAsync(target);
    }

    /// <summary>
    /// Writes the intent of an order step (commit, fulfil, cancel) and, alongside it, the durable reminder that
    /// finishes the step if this activation cannot: its silo dies, or a pair stays unreachable and nobody calls again.
    /// Both go to storage at once, so the step waits for one round trip, not two.
    /// </summary>
    private Task BeginOrderStepAsync(ReservationStatus status, ReservationIntent intent) =>
        Task.WhenAll(TransitionAsync(status, intent), KeepSettleReminderAsync());

    /// <summary>Ends an order step: once its outcome is stored, its reminder is dropped without holding up the answer.</summary>
    private async Task EndOrderStepAsync(ReservationStatus status)
    {
        await TransitionAsync(status, ReservationIntent.None);
        _ = DropSettleReminderAsync();
    }

    private async Task KeepSettleReminderAsync()
    {
        _settleReminderDropping = false;
        try
        {
            _settleReminder = await this.RegisterOrUpdateReminder(SettleReminder, _options.SettleReminderPeriod, _options.SettleReminderPeriod);
        }
        catch (Exception ex)
        {
            // A backstop only: the retry timer and every later call still finish the step while this activation lives.
            LogReminderFailed(ex, Id);
        }
    }

    private async Task DropSettleReminderAsync()
    {
        var known = _settleReminder;
        _settleReminder = null;
        _settleReminderDropping = true;
        try
        {
            // Not known here if an earlier activation registered it (the step was resumed). A step begun since then
            // has updated the row, so deleting this version of it fails and the newer registration stays.
            if ((known ?? await this.GetReminder(SettleReminder)) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            // Its next tick finds nothing to finish and tries again.
            _settleReminderDropping = false;
            LogReminderFailed(ex, Id);
        }
    }

    private async Task ReleaseLinesAsync(ReservationStatus target, ReservationIntent intent)
    {
        await TransitionAsync(Record.Status, intent);
        await ForEachLineAsync(line => Stock(line).ReleaseAsync(Id));
        await TransitionAsync(target, ReservationIntent.None);
        CancelExpiry();
        if (target == ReservationStatus.Expired)
        {
            LogExpired(Id);
        }
    }

    private async Task ExpireOnTimerAsync()
    {
        CancelExpiry();
        await SettleOnTimerAsync();
    }

    /// <summary>
    /// After a transition was left half-done (a stock call failed after its repeats), tries again soon on a timer
    /// rather than waiting for the next caller or the reminder. Not a placement (hold intent): one that could not be
    /// undone is ended by the expiry timer, as its caller was told to repeat the create.
    /// </summary>
    private void RetryUnfinishedSoon()
    {
        if (_retryTimer is not null || Record.Intent is (ReservationIntent.None or ReservationIntent.Hold))
        {
            return;
        }

        _retryTimer = this.RegisterGrainTimer(
            static (grain, _) => grain.RetryUnfinishedAsync(),
            this,
            new GrainTimerCreationOptions(_options.SettleRetryDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task RetryUnfinishedAsync()
    {
        _retryTimer?.Dispose();
        _retryTimer = null;
        await SettleOnTimerAsync();
    }

    /// <summary>A timer's settle has no caller to tell of a failure: it is logged and tried again soon.</summary>
    private async Task SettleOnTimerAsync()
    {
        try
        {
            await SettleAsync();
        }
        catch (Exception ex)
        {
            LogSettleFailed(ex, Id, Record.Intent);
            RetryUnfinishedSoon();
        }
    }

    private async Task TransitionAsync(ReservationStatus status, ReservationIntent intent)
    {
        Record.Status = status;
        Record.Intent = intent;
        Record.UpdatedAt = clock.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory now differs from what is stored: start over from storage on the next call, which finishes
            // whatever intent was last written.
            CancelExpiry();
            DeactivateOnIdle();
            throw;
        }
    }

    private void ScheduleExpiry()
    {
        CancelExpiry();
        var due = Record.ExpiresAt - clock.GetUtcNow();
        _expiryTimer = this.RegisterGrainTimer(
            static (grain, _) => grain.ExpireOnTimerAsync(),
            this,
            new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private void CancelExpiry()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
    }

    private Task<T[]> ForEachLineAsync<T>(Func<ReservationLine, Task<T>> call) => ForEachAsync(Record.Lines, call);

    /// <summary>
    /// Calls the stock grains of <paramref name="lines"/> at once, repeating calls that fail transiently. The pauses
    /// wait on real time, not on the grains' clock: they give another activation or silo time to settle, which a
    /// test's fake clock would never let pass.
    /// </summary>
    private async Task<T[]> ForEachAsync<T>(IEnumerable<ReservationLine> lines, Func<ReservationLine, Task<T>> call) =>
        await Task.WhenAll(lines.Select(line => StockCallRetry.RunAsync(
            () => call(line), StockCallRetry.Pauses, TimeProvider.System, (ex, attempt) => LogRetrying(ex, Id, line.Key, attempt))));

    private List<LineShortfall> Shortfalls(HoldResult[] results) =>
        Record.Lines.Select((line, i) => (line, result: results[i]))
            .Where(x => x.result.Outcome != HoldOutcome.Held)
            .Select(x => new LineShortfall(x.line.Sku, x.line.Location, x.line.Quantity, x.result.Available))
            .ToList();

    private IStockGrain Stock(ReservationLine line) => GrainFactory.GetGrain<IStockGrain>(line.Key.ToString());

    private static bool SameLines(List<ReservationLine> a, IReadOnlyList<ReservationLine> b) =>
        a.Count == b.Count && a.Zip(b).All(pair => pair.First == pair.Second);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private ReservationView View() => new()
    {
        Id = Id,
        Status = Record.Status,
        Lines = Record.Lines,
        CreatedAt = Record.CreatedAt,
        ExpiresAt = Record.ExpiresAt,
        UpdatedAt = Record.UpdatedAt,
        OrderId = Record.OrderId,
        Shortfalls = Record.Shortfalls,
    };

    /// <summary>
    /// The answer for an id nothing is stored under. The activation goes too, so probes of made-up ids leave nothing
    /// behind however many a caller sends.
    /// </summary>
    private ReservationReply NotFound()
    {
        DeactivateOnIdle();
        return Reply(ReservationOutcome.NotFound);
    }

    private ReservationReply Reply(ReservationOutcome outcome, string? detail = null) =>
        new(outcome, state.RecordExists ? View() : null, detail);

    private static void Count(string command, ReservationOutcome outcome) =>
        InventoryMetrics.Reservations.Add(1, new("command", command), new("outcome", outcome.ToString()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation {ReservationId}: finishing interrupted {Intent}")]
    private partial void LogResuming(string reservationId, ReservationIntent intent);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation {ReservationId}: repeating call {Attempt} to stock {StockKey} after a transient failure")]
    private partial void LogRetrying(Exception exception, string reservationId, StockKey stockKey, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reservation {ReservationId} expired; its holds were released")]
    private partial void LogExpired(string reservationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation {ReservationId}: a stock pair could not be reached while placing the holds; giving back what was held")]
    private partial void LogPlacingFailed(Exception exception, string reservationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation {ReservationId}: finishing {Intent} failed; trying again soon")]
    private partial void LogSettleFailed(Exception exception, string reservationId, ReservationIntent intent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservation {ReservationId}: its settle reminder could not be registered or dropped")]
    private partial void LogReminderFailed(Exception exception, string reservationId);
}
