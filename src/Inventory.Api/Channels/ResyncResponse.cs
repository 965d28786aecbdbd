using Inventory.Channels;

namespace Inventory.Api.Channels;

/// <summary>The outcome of a full resync: pairs compared and pairs queued because the channel lacked their version.</summary>
public sealed record ResyncResponse(DateTimeOffset StartedAt, double DurationMs, int PairsScanned, int PairsQueued)
{
    public static ResyncResponse From(ReconcileResult result) =>
        new(result.StartedAt, result.Duration.TotalMilliseconds, result.PairsScanned, result.PairsQueued);
}
