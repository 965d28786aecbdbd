namespace Inventory.Idempotency;

/// <summary>
/// One caller's Idempotency-Key (key: <c>{caller}|{idempotency key}</c>). Answers live in grain storage, so a retry is
/// recognised on any API node and after restarts, until the key's window ends.
/// </summary>
[Alias("inventory.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the key for the request with this fingerprint (method, path and body hash). The claim is the caller's
    /// until it completes or abandons it, or until <paramref name="lease"/> has passed: then a retry may take the key
    /// over, because the first request's node may have died before it could answer.
    /// </summary>
    [Alias("claim")] Task<IdempotencyClaim> BeginAsync(string fingerprint, TimeSpan window, TimeSpan lease);

    /// <summary>
    /// Stores the answer of the claim with this token; retries get it from now on. Ignored if the claim was taken over
    /// or abandoned meanwhile, so a late answer never replaces the answer of the request that took over.
    /// </summary>
    [Alias("complete-claim")] Task CompleteAsync(Guid token, StoredResponse response);

    /// <summary>The claimed request got no answer worth keeping (e.g. 503): the key is free again (if still this claim's).</summary>
    [Alias("abandon-claim")] Task AbandonAsync(Guid token);
}
