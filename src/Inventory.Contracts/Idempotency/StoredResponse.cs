namespace Inventory.Idempotency;

/// <summary>The first answer to a request made with an Idempotency-Key, kept to answer its retries identically.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StoredResponse")]
public sealed record StoredResponse(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string? Location,
    [property: Id(3)] string? ETag,
    [property: Id(4)] byte[] Body);
