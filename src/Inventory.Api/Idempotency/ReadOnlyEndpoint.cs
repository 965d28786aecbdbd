namespace Inventory.Api.Idempotency;

/// <summary>
/// Endpoint metadata for a POST that only reads (a query whose pairs do not fit in a URL). Reads are not writes to
/// make safe to retry: an Idempotency-Key on them is ignored, so their answer is neither stored nor replayed and a
/// retry reads again. Set it with <see cref="IdempotencyExtensions.ReadOnly"/>.
/// </summary>
public sealed class ReadOnlyEndpoint
{
    public static readonly ReadOnlyEndpoint Instance = new();

    private ReadOnlyEndpoint()
    {
    }
}
