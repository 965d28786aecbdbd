namespace Inventory.Channels;

/// <summary>How one sales channel's sync is doing, for ops.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ChannelStatus")]
public sealed record ChannelStatus
{
    /// <summary>The channel's configured name.</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>Where deliveries go.</summary>
    [Id(1)] public required Uri Endpoint { get; init; }

    /// <summary>Pairs waiting for delivery (latest version each).</summary>
    [Id(2)] public int QueueDepth { get; init; }

    /// <summary>Pairs in the delivery under way.</summary>
    [Id(3)] public int InFlight { get; init; }

    /// <summary>Age of the oldest change not yet acknowledged by the channel; zero when in sync.</summary>
    [Id(4)] public TimeSpan Lag { get; init; }

    /// <summary>Deliveries acknowledged since this activation started.</summary>
    [Id(5)] public long Deliveries { get; init; }

    /// <summary>Pair updates acknowledged since this activation started.</summary>
    [Id(6)] public long UpdatesDelivered { get; init; }

    /// <summary>Deliveries that failed after the HTTP retries, since this activation started.</summary>
    [Id(7)] public long FailedDeliveries { get; init; }

    /// <summary>Failed deliveries since the last success.</summary>
    [Id(8)] public int ConsecutiveFailures { get; init; }

    /// <summary>When the channel last acknowledged a delivery.</summary>
    [Id(9)] public DateTimeOffset? LastSuccessAt { get; init; }

    /// <summary>When a delivery last failed.</summary>
    [Id(10)] public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>Why the last failed delivery failed.</summary>
    [Id(11)] public string? LastError { get; init; }

    /// <summary>Updates parked now (dead-letter); they leave when a newer or equal version is delivered.</summary>
    [Id(12)] public int ParkedCount { get; init; }

    /// <summary>The first parked updates (up to 100).</summary>
    [Id(13)] public IReadOnlyList<ParkedUpdate> Parked { get; init; } = [];

    /// <summary>Updates ever parked on this channel.</summary>
    [Id(14)] public long ParkedTotal { get; init; }

    /// <summary>The last reconciliation, if any ran since this activation started.</summary>
    [Id(15)] public ReconcileResult? LastReconcile { get; init; }
}
