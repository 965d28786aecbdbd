using Inventory.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Storage;

namespace Inventory.Stock;

/// <summary>
/// One SKU × location. Reentrant on purpose: every request decides synchronously in its first turn (Orleans runs
/// one turn at a time, so decisions never race), then awaits the group commit that makes it durable. Many requests
/// on a hot pair therefore share one storage write instead of queueing behind each other's writes.
/// While it holds stock it keeps a durable reminder, so a crash of its silo cannot leave holds unexpired.
/// How it is stored is <see cref="StockStore"/>'s business: the grain decides, group-commits, publishes and
/// keeps the expiry timer and reminder.
/// </summary>
[Reentrant]
public sealed partial class StockGrain(
    IStockStorage stockStorage,
    IOptions<StockOptions> options,
    [FromKeyedServices(InventoryNames.GrainStorage)] IGrainStorage storage,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
    ILogger<StockGrain> logger) : Grain, IStockGrain, IRemindable
{
    private const string ExpiryReminder = "hold-expiry";

    // Reads before one decision: each is needed only if decisions made during the previous one outdated it.
    private const int MaxLookups = 5;

    private StockKey _key;
    private string _keyText = "";
    private StockLedger _ledger = null!;
    private StockStore _store = null!;
    private GroupCommit _commit = null!;
    private StockChangePublisher _publisher = null!;
    private IGrainTimer _expiryTimer = null!;
    private DateTimeOffset? _timerDueAt;
    private long _reportedOversells;
    private Task? _reload;
    private bool _mustReload;
    private Task? _reminder;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _keyText = this.GetPrimaryKeyString();
        _key = StockKey.Parse(_keyText);
        _store = new StockStore(stockStorage, storage, _key, this.GetGrainId(), options.Value.HoldPageSize);
        _ledger = NewLedger(await _store.LoadAsync());
        _commit = new GroupCommit(WriteAsync, RecoverAsync);
        var stream = this.GetStreamProvider(InventoryNames.StreamProvider)
            .GetStream<StockChanged>(StreamId.Create(InventoryNames.StockChangesNamespace, _keyText));
        _publisher = new StockChangePublisher(stream, _ledger.State.Version, logger);
        _expiryTimer = this.RegisterGrainTimer(
            static (grain, _) => grain.ExpireDueHoldsAsync(),
            this,
            new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { Interleave = true });
        ScheduleExpiry();
        _ = EnsureReminderAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await _publisher.DrainAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
    }

    public async Task<StockSnapshot> GetSnapshotAsync()
    {
        var snapshot = await DecideAsync(_ => _ledger.Snapshot());
        if (!snapshot.Exists)
        {
            // A probe of a pair that was never stocked: staying activated would hold memory per probed key, however many
            // keys a caller makes up. The next call finds the same empty row in storage.
            DeactivateOnIdle();
        }

        return snapshot;
    }

    /// <remarks>A first hold of a reservation id is decided from memory: only a repeat can find it ended in storage.</remarks>
    public Task<HoldResult> HoldAsync(HoldRequest request) =>
        request.Repeat || request.Retake
            ? DecideAsync(now => _ledger.Hold(request, now), _ => _ledger.LookupReservation(request.ReservationId))
            : DecideAsync(now => _ledger.Hold(request, now));

    public Task<LineResult> ExtendAsync(string reservationId, DateTimeOffset expiresAt) =>
        DecideAsync(now => _ledger.Extend(reservationId, expiresAt, now));

    public Task<LineResult> ReleaseAsync(string reservationId) =>
        DecideAsync(now => _ledger.Release(reservationId, now), _ => _ledger.LookupReservation(reservationId));

    public Task<LineResult> CommitAsync(string reservationId) =>
        DecideAsync(now => _ledger.Commit(reservationId, now, InventoryActor.Current), _ => _ledger.LookupReservation(reservationId));

    public Task<LineResult> UncommitAsync(string reservationId) =>
        DecideAsync(now => _ledger.Uncommit(reservationId, now, InventoryActor.Current), _ => _ledger.LookupReservation(reservationId));

    public Task<LineResult> ShipAsync(string reservationId) =>
        DecideAsync(now => _ledger.Ship(reservationId, now, InventoryActor.Current), _ => _ledger.LookupReservation(reservationId));

    public Task<LineResult> CancelCommittedAsync(string reservationId) =>
        DecideAsync(now => _ledger.CancelCommitted(reservationId, now, InventoryActor.Current), _ => _ledger.LookupReservation(reservationId));

    public Task<bool> IsShortAsync(string reservationId) => DecideAsync(_ => _ledger.IsShort(reservationId));

    public Task<StockFeedResult> SetCountAsync(StockCount count) =>
        DecideFeedAsync(now => _ledger.SetCount(count, now, InventoryActor.Current), now => _ledger.LookupCount(count.AsOf, now));

    public Task<StockFeedResult> AdjustAsync(StockAdjustment adjustment) =>
        DecideFeedAsync(now => _ledger.Adjust(adjustment, now, InventoryActor.Current), _ => _ledger.LookupOperation(adjustment.OperationId));

    public Task<StockFeedResult> ReceiveAsync(StockReceipt receipt) =>
        DecideFeedAsync(now => _ledger.Receive(receipt, now, InventoryActor.Current), _ => _ledger.LookupOperation(receipt.OperationId));

    public Task<StockFeedResult> ReturnAsync(StockReturn stockReturn) =>
        DecideFeedAsync(now => _ledger.Return(stockReturn, now, InventoryActor.Current), _ => _ledger.LookupOperation(stockReturn.OperationId));

    private async Task<StockFeedResult> DecideFeedAsync(Func<DateTimeOffset, StockFeedResult> decide, Func<DateTimeOffset, StockLookup?> lookup)
    {
        var result = await DecideAsync(decide, lookup);
        if (result.Outcome is StockFeedOutcome.Stale or StockFeedOutcome.Duplicate)
        {
            InventoryMetrics.FeedUpdatesIgnored.Add(1, new KeyValuePair<string, object?>("reason", result.Outcome == StockFeedOutcome.Stale ? "stale" : "duplicate"));
        }

        return result;
    }

    private Task<int> ExpireDueHoldsAsync() => DecideAsync(_ => 0);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await ExpireDueHoldsAsync();
        if (_ledger.State.Holds.Count > 0)
        {
            return;
        }

        // No holds left: drop the reminder. Calls interleave at every await here, so a hold placed meanwhile must
        // find no registration marked done, and is re-registered below if the delete removed its registration.
        _reminder = null;
        try
        {
            if (await this.GetReminder(ExpiryReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            LogReminderFailed(ex, _keyText);
        }

        if (_ledger.State.Holds.Count > 0)
        {
            _reminder = null;
            await EnsureReminderAsync();
        }
    }

    /// <summary>
    /// Makes sure the expiry reminder exists while holds exist: registered once per activation, and awaited by the
    /// request that placed the first hold, so no acknowledged hold is ever without it.
    /// </summary>
    private Task EnsureReminderAsync() =>
        _ledger.State.Holds.Count == 0 ? Task.CompletedTask : _reminder ??= RegisterReminderAsync();

    private async Task RegisterReminderAsync()
    {
        try
        {
            var period = options.Value.ExpiryReminderPeriod;
            await this.RegisterOrUpdateReminder(ExpiryReminder, period, period);
        }
        catch (Exception ex)
        {
            // A backstop only: the holds are durable and the timer still expires them; the next call tries again.
            _reminder = null;
            LogReminderFailed(ex, _keyText);
        }
    }

    /// <summary>
    /// The one path of every request: read from storage what the decision rests on beyond memory (if
    /// <paramref name="lookup"/> names anything), expire what is due, decide, then return only once everything the
    /// answer rests on is durable. Nothing between the last lookup check and the decision awaits, so decisions never
    /// interleave; a lookup is asked for again after each read, as other decisions may have run meanwhile.
    /// </summary>
    private async Task<T> DecideAsync<T>(Func<DateTimeOffset, T> decide, Func<DateTimeOffset, StockLookup?>? lookup = null)
    {
        await EnsureLoadedAsync();
        var now = clock.GetUtcNow();
        if (lookup is not null)
        {
            for (var asked = 0; lookup(now) is { } need; asked++)
            {
                if (asked == MaxLookups)
                {
                    throw new InventoryUnavailableException($"Stock {_key} is too busy to read what a decision rests on; try again.");
                }

                var facts = await _store.LookupAsync(need);
                await EnsureLoadedAsync();
                now = clock.GetUtcNow();
                _ledger.Learn(facts, now);
            }
        }

        var expired = _ledger.ExpireDue(now);
        var result = decide(now);
        var durable = _commit.WhenDurableAsync(_ledger.PendingChanges.Count > 0);
        if (expired > 0)
        {
            InventoryMetrics.HoldsExpired.Add(expired);
        }

        ReportOversells();
        ScheduleExpiry();
        await durable;
        await EnsureReminderAsync();
        return result;
    }

    private async Task WriteAsync()
    {
        var write = _ledger.TakePendingWrite();
        await _store.WriteAsync(write, _ledger.NextExpiry);
        _ledger.MarkDurable(write);
        InventoryMetrics.StockBatchSize.Record(write.Changes.Count);
        foreach (var movement in write.Movements)
        {
            if (movement.Variance is { } variance)
            {
                InventoryMetrics.CountVariance.Record(variance, new KeyValuePair<string, object?>("location", _key.Location));
            }
        }

        _publisher.Publish(write.Changes);
    }

    private Task RecoverAsync(Exception exception)
    {
        InventoryMetrics.StockWriteFailures.Add(1);
        LogWriteFailed(exception, _keyText);
        _mustReload = true;
        _reload = ReloadAsync();
        return _reload;
    }

    private async Task EnsureLoadedAsync()
    {
        if (!_mustReload)
        {
            return;
        }

        _reload ??= ReloadAsync();
        await _reload;
        if (_mustReload)
        {
            throw new InventoryUnavailableException($"Stock {_key} is unavailable: its state could not be reloaded from storage.");
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            await Task.Yield();
            _ledger = NewLedger(await _store.LoadAsync());
            _mustReload = false;
        }
        catch (Exception ex)
        {
            LogReloadFailed(ex, _keyText);
        }
        finally
        {
            _reload = null;
        }
    }

    private StockLedger NewLedger(StockState full)
    {
        var ledger = new StockLedger(_key, full, options.Value);
        var problems = ledger.CheckInvariants();
        if (problems.Count > 0)
        {
            InventoryMetrics.InvariantViolations.Add(problems.Count);
            LogInvariantsBroken(_keyText, problems);
        }

        _reportedOversells = 0;
        return ledger;
    }

    private void ReportOversells()
    {
        if (_ledger.OversellIncidents > _reportedOversells)
        {
            InventoryMetrics.OversellIncidents.Add(_ledger.OversellIncidents - _reportedOversells);
            LogOversell(_keyText, _ledger.State.OnHand, _ledger.State.Reserved, _ledger.State.Committed);
            _reportedOversells = _ledger.OversellIncidents;
        }
    }

    private void ScheduleExpiry()
    {
        var next = _ledger.NextExpiry;
        if (next == _timerDueAt)
        {
            return;
        }

        _timerDueAt = next;
        if (next is not { } at)
        {
            _expiryTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = at - clock.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        // Stay active until the hold ends so the expiry is published on time, not at the next call.
        DelayDeactivation(due + TimeSpan.FromSeconds(1));
        _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Stock write failed for {StockKey}; its batch fails and the state reloads")]
    private partial void LogWriteFailed(Exception exception, string stockKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register the expiry reminder of {StockKey}")]
    private partial void LogReminderFailed(Exception exception, string stockKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stock reload failed for {StockKey}; the next call retries")]
    private partial void LogReloadFailed(Exception exception, string stockKey);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Stock invariants broken for {StockKey}: {Problems}")]
    private partial void LogInvariantsBroken(string stockKey, IReadOnlyList<string> problems);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Oversell at {StockKey}: onHand {OnHand}, reserved {Reserved}, committed {Committed}")]
    private partial void LogOversell(string stockKey, long onHand, long reserved, long committed);
}
