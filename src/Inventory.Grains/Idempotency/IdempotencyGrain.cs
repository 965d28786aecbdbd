using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Idempotency;

/// <summary>
/// Remembers the first answer to a request made with one caller's Idempotency-Key. Only completed answers are stored:
/// a claim in progress lives in memory, because every operation behind the API is itself idempotent (on reservation
/// or operation ids, and a reservation created under a key gets an id derived from it), so a claim lost in a crash
/// can only lead to a harmless re-run. Not reentrant: claims on one key are decided one at a time.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", InventoryNames.GrainStorage)] IPersistentState<IdempotencyState> state,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock) : Grain, IIdempotencyGrain
{
    private string? _inProgress;
    private TimeSpan _window;

    public async Task<IdempotencyClaim> BeginAsync(string fingerprint, TimeSpan window)
    {
        var now = clock.GetUtcNow();
        if (state.State.Fingerprint is not null && state.State.ExpiresAt <= now)
        {
            await state.ClearStateAsync();
        }

        if (state.State.Fingerprint is { } stored)
        {
            return stored == fingerprint
                ? new IdempotencyClaim(IdempotencyOutcome.Replay, state.State.Response)
                : new IdempotencyClaim(IdempotencyOutcome.Mismatch);
        }

        if (_inProgress is { } running)
        {
            return new IdempotencyClaim(running == fingerprint ? IdempotencyOutcome.InProgress : IdempotencyOutcome.Mismatch);
        }

        _inProgress = fingerprint;
        _window = window;
        return new IdempotencyClaim(IdempotencyOutcome.Proceed);
    }

    public async Task CompleteAsync(string fingerprint, StoredResponse response)
    {
        if (_inProgress != fingerprint)
        {
            return;
        }

        state.State.Fingerprint = fingerprint;
        state.State.Response = response;
        state.State.ExpiresAt = clock.GetUtcNow() + _window;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Fingerprint = null;
            state.State.Response = null;
            throw;
        }
        finally
        {
            _inProgress = null;
        }
    }

    public Task AbandonAsync(string fingerprint)
    {
        if (_inProgress == fingerprint)
        {
            _inProgress = null;
        }

        return Task.CompletedTask;
    }
}
