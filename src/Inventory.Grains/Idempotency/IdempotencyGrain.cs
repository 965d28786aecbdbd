using Microsoft.Extensions.DependencyInjection;

namespace Inventory.Idempotency;

/// <summary>
/// Remembers the first answer to a request made with one caller's Idempotency-Key. Only completed answers are stored:
/// a claim in progress lives in memory, because every operation behind the API is itself idempotent (on reservation
/// or operation ids, and a reservation created under a key gets an id derived from it), so a claim lost in a crash
/// can only lead to a harmless re-run. A claim has an owner (its token) and a lease: a request whose node died never
/// completes nor abandons its claim, so once the lease has passed a retry takes the key over with a new token, and
/// the dead request's answer, should it still arrive, is ignored. No timer watches a lease (it is checked when a retry
/// asks), so an abandoned claim keeps nothing alive: the activation is collected when idle like any other.
/// Not reentrant: claims on one key are decided one at a time.
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", InventoryNames.GrainStorage)] IPersistentState<IdempotencyState> state,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock) : Grain, IIdempotencyGrain
{
    private Claim? _claim;

    public async Task<IdempotencyClaim> BeginAsync(string fingerprint, TimeSpan window, TimeSpan lease, Guid token)
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

        if (_claim is { } running && running.LeaseEndsAt > now)
        {
            return running.Token == token && running.Fingerprint == fingerprint
                ? new IdempotencyClaim(IdempotencyOutcome.Proceed, Token: token)
                : new IdempotencyClaim(running.Fingerprint == fingerprint ? IdempotencyOutcome.InProgress : IdempotencyOutcome.Mismatch);
        }

        // A claim without a token of its own could be mistaken for another request's repeat: it gets a fresh one.
        var claim = new Claim(fingerprint, token == Guid.Empty ? Guid.NewGuid() : token, now + lease, window);
        _claim = claim;
        return new IdempotencyClaim(IdempotencyOutcome.Proceed, Token: claim.Token);
    }

    public async Task CompleteAsync(Guid token, StoredResponse response)
    {
        if (_claim is not { } claim || claim.Token != token)
        {
            return;
        }

        state.State.Fingerprint = claim.Fingerprint;
        state.State.Response = response;
        state.State.ExpiresAt = clock.GetUtcNow() + claim.Window;
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
            _claim = null;
        }
    }

    public Task AbandonAsync(Guid token)
    {
        if (_claim?.Token == token)
        {
            _claim = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>The request running under the key: whose it is, until when, and how long its answer is to be kept.</summary>
    private sealed record Claim(string Fingerprint, Guid Token, DateTimeOffset LeaseEndsAt, TimeSpan Window);
}
