namespace Inventory.Stock;

/// <summary>
/// Published on the stock stream after durable changes of a pair, in version order. Changes made while the previous
/// event was being handed over are coalesced into the newest one, so versions may jump; <see cref="PreviousVersion"/>
/// says where the jump starts, which lets a consumer tell coalescing from a lost event.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.StockChanged")]
public sealed record StockChanged
{
    /// <summary>The pair's state right after the change (its version identifies the change).</summary>
    [Id(0)] public required StockSnapshot Snapshot { get; init; }

    /// <summary>What caused the change.</summary>
    [Id(1)] public StockChangeCause Cause { get; init; }

    /// <summary>The reservation id or operation id behind the change.</summary>
    [Id(2)] public string? Reference { get; init; }

    /// <summary>
    /// The version of the pair's previous event on the stream (or the version the publishing activation loaded);
    /// the versions between it and this one are covered by this event. 0 when unknown.
    /// </summary>
    [Id(3)] public long PreviousVersion { get; init; }
}
