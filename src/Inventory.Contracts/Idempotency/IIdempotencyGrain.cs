namespace Inventory.Idempotency;

/// <summary>
/// One caller's Idempotency-Key (key: <c>{caller}|{idempotency key}</c>). Answers live in grain storage, so a retry is
/// recognised on any API node and after restarts, until the key's window ends.
/// </summary>
[Alias("inventory.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Claims the key for the request with this fingerprint (method, path and body hash), under the request's own
    /// <paramref name="token"/>. The claim is the caller's until it completes or abandons it, or until
    /// <paramref name="lease"/> has passed: then a retry may take the key over, because the first request's node may
    /// have died before it could answer. The same token again is the same request repeating a claim whose answer was
    /// lost (a gateway closed on the way): it gets its claim back, not "in progress".
    /// </summary>
    [Alias("claim")] Task<IdempotencyClaim> BeginAsync(string fingerprint, TimeSpan window, TimeSpan lease, Guid token);

    /// <summary>
    /// Stores the answer of the claim with this token; retries get it from now on. Ignored if the claim was taken over
    /// or abandoned meanwhile, so a late answer never replaces the answer of the request that took over.
    /// </summary>
    [Alias("complete-claim")] Task CompleteAsync(Guid token, StoredResponse response);

    /// <summary>The claimed request got no answer worth keeping (e.g. 503): the key is free again (if still this claim's).</summary>
    [Alias("abandon-claim")] Task AbandonAsync(Guid token);
}
