namespace Inventory.Stock;

/// <summary>Published on the stock stream after every durable change of a pair, in version order.</summary>
[GenerateSerializer, Immutable, Alias("inventory.StockChanged")]
public sealed record StockChanged
{
    /// <summary>The pair's state right after the change (its version identifies the change).</summary>
    [Id(0)] public required StockSnapshot Snapshot { get; init; }

    /// <summary>What caused the change.</summary>
    [Id(1)] public StockChangeCause Cause { get; init; }

    /// <summary>The reservation id or operation id behind the change.</summary>
    [Id(2)] public string? Reference { get; init; }
}
