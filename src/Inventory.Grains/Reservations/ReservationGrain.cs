using Inventory.Diagnostics;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inventory.Reservations;

/// <summary>
/// One checkout's hold on its lines. The rules (<see cref="Reservation"/>) decide every command; this grain runs the
/// transitions they name: each is written down (as an intent) before its stock calls are made and finished on
/// reactivation if the silo died half-way. A grain timer expires the hold on time; the stock grains also expire their
/// own holds, so a lost reservation can never leave stock stuck. A transition that a failed stock call leaves half-done
/// is finished by a timer soon, and an order step (commit, fulfil, cancel) also by a durable reminder, so none waits for
/// somebody to call the reservation again.
/// </summary>
public sealed partial class ReservationGrain(
    [PersistentState("reservation", InventoryNames.GrainStorage)] IPersistentState<ReservationState> state,
    IOptions<ReservationOptions> options,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
    ILogger<ReservationGrain> logger) : Grain, IReservationGrain, IIncomingGrainCallFilter, IRemindable
{
    private const string SettleReminder = "settle";

    private readonly ReservationOptions _options = options.Value;
    private readonly Reservation _rules = new(options.Value);
    private IGrainTimer? _expiryTimer;
    private IGrainTimer? _retryTimer;
    private IGrainReminder? _settleReminder;
    private bool _settleReminderDropping;

    /// <summary>
    /// Set while this activation places the holds of a create it found no record for: nothing can have held or ended
    /// this reservation at any pair, so its holds are first requests, which a pair decides from memory alone. Every
    /// other placement (a stored one resumed, a pending one placed anew) repeats earlier requests.
    /// </summary>
    private bool _placingFirstTime;

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

    public Task<ReservationReply> CreateAsync(CreateReservation request) =>
        HandleAsync(new ReservationCommand.Create(request.Lines, request.Ttl));

    public async Task<ReservationView?> GetAsync()
    {
        if (!state.RecordExists)
        {
            LetGo();
            return null;
        }

        await SettleAsync();
        // Only a held reservation has holds that can be short; no other status costs a stock call.
        return Record.Status == ReservationStatus.Held ? View() with { ShortLines = await ShortLinesAsync() } : View();
    }

    public Task<ReservationReply> ExtendAsync(TimeSpan ttl) => HandleAsync(new ReservationCommand.Extend(ttl));

    public Task<ReservationReply> CommitAsync(string orderId) => HandleAsync(new ReservationCommand.Commit(orderId));

    public Task<ReservationReply> ReleaseAsync() => HandleAsync(new ReservationCommand.Release());

    public Task<ReservationReply> FulfillAsync() => HandleAsync(new ReservationCommand.Fulfill());

    public Task<ReservationReply> CancelAsync() => HandleAsync(new ReservationCommand.Cancel());

    /// <summary>
    /// The backstop of an order step: finishes it if nobody else has (ending it drops the reminder), or drops a
    /// reminder that outlived its step (ended in an earlier activation, or its drop failed).
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.RecordExists && Reservation.IsOrderStep(Record.Intent))
        {
            await SettleAsync();
        }
        else if (!_settleReminderDropping)
        {
            await DropSettleReminderAsync();
        }
    }

    /// <summary>Settles the stored record, lets the rules decide the command, runs the transition they name, answers.</summary>
    private async Task<ReservationReply> HandleAsync(ReservationCommand command)
    {
        if (state.RecordExists)
        {
            await SettleAsync();
        }

        var firstTime = command is ReservationCommand.Create && !state.RecordExists;
        var decision = _rules.Decide(state.RecordExists ? Record : null, command, clock.GetUtcNow());
        if (decision is ReservationDecision.Transition transition)
        {
            _placingFirstTime = firstTime;
            try
            {
                await RunAsync(transition.First);
            }
            finally
            {
                _placingFirstTime = false;
            }

            decision = Reservation.Finished(command, Record);
        }

        var answer = (ReservationDecision.Answer)decision;
        if (answer.Outcome == ReservationOutcome.NotFound)
        {
            LetGo();
        }

        return Reply(answer.Outcome, answer.Detail);
    }

    /// <summary>Finishes an interrupted transition and expires a hold whose time is up.</summary>
    private async Task SettleAsync()
    {
        if (Reservation.IsOrderStep(Record.Intent))
        {
            LogResuming(Id, Record.Intent);
        }

        while (Reservation.Settle(Record, clock.GetUtcNow()) is { } step)
        {
            await RunAsync(step);
        }

        if (Record.Status == ReservationStatus.Held)
        {
            ScheduleExpiry();
        }
    }

    /// <summary>
    /// Runs a transition's steps: each record is stored before the stock calls that follow it, so its intent is what a
    /// reactivation finishes; the answers of the calls go back to the rules, which name the next step.
    /// </summary>
    private async Task RunAsync(ReservationStep? step)
    {
        while (step is not null)
        {
            step = step switch
            {
                ReservationStep.Store store => await StoreAsync(store),
                ReservationStep.Keep keep => Keep(keep.Record),
                ReservationStep.Call call => await CallAsync(call),
                ReservationStep.Ask ask => await AskAsync(ask),
                ReservationStep.Unfinished unfinished => throw new InventoryUnavailableException($"Reservation {Id}: {unfinished.Reason}"),
                _ => throw new ArgumentOutOfRangeException(nameof(step), step, "Not a reservation step."),
            };
        }
    }

    /// <summary>
    /// Stores a record. One that begins an order step (commit, fulfil, cancel) goes to storage with the durable reminder
    /// that finishes the step if this activation cannot (its silo dies, or a pair stays unreachable and nobody calls
    /// again), at once, so the step waits for one round trip, not two; once the step's end is stored, the reminder is
    /// dropped without holding up the answer.
    /// </summary>
    private async Task<ReservationStep?> StoreAsync(ReservationStep.Store store)
    {
        var previous = Record.Intent;
        if (Reservation.IsOrderStep(store.Record.Intent))
        {
            await Task.WhenAll(WriteAsync(store.Record), KeepSettleReminderAsync());
        }
        else
        {
            await WriteAsync(store.Record);
            if (Reservation.IsOrderStep(previous))
            {
                _ = DropSettleReminderAsync();
            }
        }

        Ended(previous);
        return store.Then;
    }

    private ReservationStep? Keep(ReservationState record)
    {
        var previous = Record.Intent;
        state.State = record;
        Ended(previous);
        return null;
    }

    /// <summary>Once a transition has ended (no intent left), a held reservation expires on its timer; no other does.</summary>
    private void Ended(ReservationIntent previous)
    {
        if (Record.Intent != ReservationIntent.None)
        {
            return;
        }

        if (Record.Status == ReservationStatus.Held)
        {
            ScheduleExpiry();
        }
        else if (Record.Status != ReservationStatus.Pending)
        {
            CancelExpiry();
        }

        if (previous == ReservationIntent.Expire)
        {
            LogExpired(Id);
        }
    }

    /// <summary>
    /// Makes calls whose answers change nothing. One that gives back a placement's holds and cannot reach a pair leaves
    /// them to the reservation's timer, as the stored record still asks for the holds: it ends them at its expiry (the
    /// pairs' own expiry if the grain is gone), unless the same create places them first.
    /// </summary>
    private async Task<ReservationStep> CallAsync(ReservationStep.Call call)
    {
        try
        {
            await CallStocksAsync(call.Kind, call.Lines, default);
        }
        catch when (Record.Intent == ReservationIntent.Hold)
        {
            ScheduleExpiry();
            throw;
        }

        return call.Then;
    }

    /// <summary>Makes calls and hands their answers to the rules. A placement that cannot reach a pair is given back.</summary>
    private async Task<ReservationStep> AskAsync(ReservationStep.Ask ask)
    {
        StockAnswer[] answers;
        try
        {
            answers = await CallStocksAsync(ask.Kind, ask.Lines, ask.Until);
        }
        catch (Exception ex) when (ask.Question is StockQuestion.Place or StockQuestion.RetakeUndone)
        {
            LogPlacingFailed(ex, Id);
            return Reservation.PlacingFailed(Record);
        }

        return _rules.Next(Record, ask, answers, clock.GetUtcNow());
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

    private async Task WriteAsync(ReservationState record)
    {
        record.UpdatedAt = clock.GetUtcNow();
        state.State = record;
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

    /// <summary>
    /// Makes a <paramref name="kind"/> call for every one of <paramref name="lines"/> at once, repeating calls that fail
    /// transiently. The pauses wait on real time, not on the grains' clock: they give another activation or silo time to
    /// settle, which a test's fake clock would never let pass.
    /// </summary>
    private Task<StockAnswer[]> CallStocksAsync(StockCallKind kind, IEnumerable<ReservationLine> lines, DateTimeOffset until) =>
        Task.WhenAll(lines.Select(line =>
        {
            // A hold whose first attempt failed may still have reached the pair, so every later attempt is a repeat.
            var attempts = 0;
            return StockCallRetry.RunAsync(
                () => CallStockAsync(line, kind, until, repeat: attempts++ > 0 || !_placingFirstTime), StockCallRetry.Pauses, TimeProvider.System,
                (ex, attempt) => LogRetrying(ex, Id, line.Key, attempt));
        }));

    private async Task<StockAnswer> CallStockAsync(ReservationLine line, StockCallKind kind, DateTimeOffset until, bool repeat)
    {
        var stock = GrainFactory.GetGrain<IStockGrain>(line.Key.ToString());
        return kind switch
        {
            StockCallKind.Hold or StockCallKind.Retake => StockAnswer.Of(await stock.HoldAsync(
                new HoldRequest(Id, line.Quantity, until, Retake: kind == StockCallKind.Retake, Repeat: repeat))),
            StockCallKind.Extend => StockAnswer.Of(await stock.ExtendAsync(Id, until)),
            StockCallKind.Release => StockAnswer.Of(await stock.ReleaseAsync(Id)),
            StockCallKind.Commit => StockAnswer.Of(await stock.CommitAsync(Id)),
            StockCallKind.Uncommit => StockAnswer.Of(await stock.UncommitAsync(Id)),
            StockCallKind.Ship => StockAnswer.Of(await stock.ShipAsync(Id)),
            StockCallKind.CancelCommitted => StockAnswer.Of(await stock.CancelCommittedAsync(Id)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a stock call."),
        };
    }

    /// <summary>Asks every line's pair at once whether its hold is short, in line order.</summary>
    private Task<bool[]> ShortLinesAsync() =>
        Task.WhenAll(Record.Lines.Select(line => StockCallRetry.RunAsync(
            () => GrainFactory.GetGrain<IStockGrain>(line.Key.ToString()).IsShortAsync(Id), StockCallRetry.Pauses, TimeProvider.System,
            (ex, attempt) => LogRetrying(ex, Id, line.Key, attempt))));

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
    /// Lets go of the activation of an id nothing is stored under, so probes of made-up ids leave nothing behind however
    /// many a caller sends.
    /// </summary>
    private void LetGo() => DeactivateOnIdle();

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
