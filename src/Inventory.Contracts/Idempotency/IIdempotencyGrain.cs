namespace Inventory.Idempotency;

/// <summary>
/// One caller's Idempotency-Key (key: <c>{caller}|{idempotency key}</c>). Answers live in grain storage, so a retry is
/// recognised on any API node and after restarts, until the key's window ends.
/// </summary>
[Alias("inventory.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for the request with this fingerprint (method, path and body hash).</summary>
    [Alias("begin")] Task<IdempotencyClaim> BeginAsync(string fingerprint, TimeSpan window);

    /// <summary>Stores the answer of the claimed request; retries get it from now on.</summary>
    [Alias("complete")] Task CompleteAsync(string fingerprint, StoredResponse response);

    /// <summary>The claimed request got no answer worth keeping (e.g. 503): the key is free again.</summary>
    [Alias("abandon")] Task AbandonAsync(string fingerprint);
}
