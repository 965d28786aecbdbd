namespace Inventory.Idempotency;

/// <summary>What to do with a request carrying an Idempotency-Key.</summary>
public enum IdempotencyOutcome
{
    /// <summary>
    /// First use of the key, or a claim whose lease ended: run the request, then complete (or abandon) the key with the
    /// claim's token.
    /// </summary>
    Proceed = 0,

    /// <summary>The same request was answered before: send the stored answer.</summary>
    Replay = 1,

    /// <summary>The key was used for a different request: refuse.</summary>
    Mismatch = 2,

    /// <summary>The same request is running right now (its claim's lease has not ended): ask the caller to retry shortly.</summary>
    InProgress = 3,
}
