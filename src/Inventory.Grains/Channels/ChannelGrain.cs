using Inventory.Availability;
using Inventory.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Inventory.Channels;

/// <summary>
/// One sales channel. Offers from the pairs' channel-sync grains are turned into channel quantities and coalesced in
/// a <see cref="ChannelQueue"/>; a timer delivers at most one batch per <see cref="ChannelOptions.DeliveryInterval"/>
/// (the rate limit) through the channel's resilient, signing HTTP client. Only dead letters are stored: what was
/// acknowledged lives in memory, and reconciliation against stored stock (on activation, periodically and on
/// demand) re-sends whatever the channel may have missed. Reentrant: offers keep arriving while a delivery waits.
/// </summary>
[Reentrant]
public sealed partial class ChannelGrain(
    [PersistentState("channel", InventoryNames.GrainStorage)] IPersistentState<ChannelState> state,
    IOptionsMonitor<ChannelOptions> allOptions,
    ChannelDirectory directory,
    ChannelSender sender,
    IStockCatalog catalog,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
    ILogger<ChannelGrain> logger) : Grain, IChannelGrain, IRemindable
{
    private const string KeepAliveReminder = "channel-keepalive";
    private static readonly TimeSpan FirstReconcileDelay = TimeSpan.FromSeconds(1);

    private string _name = "";
    private ChannelOptions? _options;
    private ChannelQueue _queue = new(1);
    private Task<ReconcileResult>? _reconciling;
    private ReconcileResult? _lastReconcile;
    private long _deliveries;
    private long _updatesDelivered;
    private long _failedDeliveries;
    private int _consecutiveFailures;
    private DateTimeOffset? _lastSuccessAt;
    private DateTimeOffset? _lastFailureAt;
    private string? _lastError;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _name = this.GetPrimaryKeyString();
        if (!directory.Contains(_name))
        {
            return;
        }

        _options = allOptions.Get(_name);
        _queue = new ChannelQueue(_options.ParkAfterFailures, state.State.Parked);
        this.RegisterGrainTimer(DeliverNextBatchAsync, new GrainTimerCreationOptions(_options.DeliveryInterval, _options.DeliveryInterval)
        {
            Interleave = true,
            KeepAlive = true,
        });
        // Nothing acknowledged is known after an activation: the first reconciliation re-sends every pair (receivers
        // ignore versions they already hold), later ones only what differs.
        this.RegisterGrainTimer(ReconcileOnScheduleAsync, new GrainTimerCreationOptions(FirstReconcileDelay, _options.ReconcileInterval)
        {
            Interleave = true,
            KeepAlive = true,
        });
        // A durable reminder brings the channel back on another silo when its silo dies, even if no stock changes.
        await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), cancellationToken);
        LogStarted(_name, _options.Endpoint!, _queue.Parked.Count);
    }

    public Task OfferAsync(AvailabilityUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (_options is not null)
        {
            _queue.Offer(new ChannelUpdate(update.Key, _options.Rules.Apply(update.Available), update.Version, update.ChangedAt));
        }

        return Task.CompletedTask;
    }

    public Task StartAsync() => Task.CompletedTask;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    public Task<ChannelStatus?> GetStatusAsync()
    {
        if (_options is null)
        {
            return Task.FromResult<ChannelStatus?>(null);
        }

        var now = clock.GetUtcNow();
        var oldest = _queue.OldestUnacknowledged();
        return Task.FromResult<ChannelStatus?>(new ChannelStatus
        {
            Name = _name,
            Endpoint = _options.Endpoint!,
            QueueDepth = _queue.Depth,
            InFlight = _queue.InFlight,
            Lag = oldest is { } changedAt && now > changedAt ? now - changedAt : TimeSpan.Zero,
            Deliveries = _deliveries,
            UpdatesDelivered = _updatesDelivered,
            FailedDeliveries = _failedDeliveries,
            ConsecutiveFailures = _consecutiveFailures,
            LastSuccessAt = _lastSuccessAt,
            LastFailureAt = _lastFailureAt,
            LastError = _lastError,
            ParkedCount = _queue.Parked.Count,
            Parked = [.. _queue.Parked.OrderBy(p => p.ParkedAt).Take(100)],
            ParkedTotal = state.State.ParkedTotal,
            LastReconcile = _lastReconcile,
        });
    }

    public async Task<ReconcileResult?> ResyncAsync() => _options is null ? null : await ReconcileAsync();

    // One reconciliation at a time: a request while one runs shares its result.
    private Task<ReconcileResult> ReconcileAsync() =>
        _reconciling is { IsCompleted: false } running ? running : _reconciling = RunReconcileAsync();

    private async Task ReconcileOnScheduleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next period tries again; deliveries of live changes go on meanwhile.
            LogReconcileFailed(e, _name);
        }
    }

    private async Task<ReconcileResult> RunReconcileAsync()
    {
        var startedAt = clock.GetUtcNow();
        int scanned = 0, queued = 0;
        await foreach (var snapshot in catalog.ReadAllAsync(CancellationToken.None))
        {
            scanned++;
            var update = new ChannelUpdate(
                snapshot.Key, _options!.Rules.Apply(snapshot.Available), snapshot.Version, snapshot.UpdatedAt ?? DateTimeOffset.UnixEpoch);
            if (_queue.Offer(update))
            {
                queued++;
            }
        }

        _lastReconcile = new ReconcileResult(startedAt, clock.GetUtcNow() - startedAt, scanned, queued);
        LogReconciled(_name, scanned, queued);
        return _lastReconcile;
    }

    private async Task DeliverNextBatchAsync(CancellationToken cancellationToken)
    {
        var options = _options!;
        var batch = _queue.Take(options.MaxBatchSize);
        if (batch.Count == 0)
        {
            return;
        }

        var body = new ChannelBatch
        {
            Channel = _name,
            DeliveryId = Guid.NewGuid().ToString("N"),
            SentAt = clock.GetUtcNow(),
            Items = [.. batch.Select(u => new ChannelItem(u.Key.Location, u.Key.Sku, u.Quantity, u.Version, u.ChangedAt))],
        };
        var outcome = await sender.SendAsync(_name, options.Endpoint!, body, cancellationToken);
        var now = clock.GetUtcNow();
        if (outcome.Succeeded)
        {
            var unparked = _queue.Delivered(batch);
            _deliveries++;
            _updatesDelivered += batch.Count;
            _consecutiveFailures = 0;
            _lastSuccessAt = now;
            ChannelMetrics.Delivered(_name, batch, now);
            if (unparked > 0)
            {
                await SaveParkedAsync();
            }

            return;
        }

        var parked = _queue.Failed(batch, outcome.Error!, now);
        _failedDeliveries++;
        _consecutiveFailures++;
        _lastFailureAt = now;
        _lastError = outcome.Error;
        ChannelMetrics.Failed(_name, parked.Count);
        LogDeliveryFailed(_name, batch.Count, _consecutiveFailures, outcome.Error!);
        if (parked.Count > 0)
        {
            state.State.ParkedTotal += parked.Count;
            LogParked(_name, parked.Count, outcome.Error!);
            await SaveParkedAsync();
        }
    }

    private async Task SaveParkedAsync()
    {
        state.State.Parked = [.. _queue.Parked];
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // Parked updates are still held in memory and shown to ops; reconciliation re-sends their pairs anyway.
            LogParkedNotSaved(e, _name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel} delivering to {Endpoint} ({Parked} parked updates)")]
    private partial void LogStarted(string channel, Uri endpoint, int parked);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Channel} reconciled: {Scanned} pairs compared, {Queued} queued")]
    private partial void LogReconciled(string channel, int scanned, int queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel} reconciliation failed")]
    private partial void LogReconcileFailed(Exception exception, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Channel}: delivery of {Count} updates failed ({Consecutive} in a row): {Error}")]
    private partial void LogDeliveryFailed(string channel, int count, int consecutive, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {Channel}: {Count} updates parked after repeated failures: {Error}")]
    private partial void LogParked(string channel, int count, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {Channel}: parked updates could not be saved")]
    private partial void LogParkedNotSaved(Exception exception, string channel);
}
