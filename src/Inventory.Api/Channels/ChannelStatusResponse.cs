using Inventory.Channels;

namespace Inventory.Api.Channels;

/// <summary>A channel's sync state as ops see it (times in milliseconds, timestamps in ISO 8601).</summary>
public sealed record ChannelStatusResponse(
    string Name,
    Uri Endpoint,
    int QueueDepth,
    int InFlight,
    double LagMs,
    long Deliveries,
    long UpdatesDelivered,
    long FailedDeliveries,
    int ConsecutiveFailures,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastError,
    int ParkedCount,
    long ParkedTotal,
    IReadOnlyList<ParkedUpdateResponse> Parked,
    ResyncResponse? LastReconcile)
{
    public static ChannelStatusResponse From(ChannelStatus status) => new(
        status.Name, status.Endpoint, status.QueueDepth, status.InFlight, status.Lag.TotalMilliseconds, status.Deliveries,
        status.UpdatesDelivered, status.FailedDeliveries, status.ConsecutiveFailures, status.LastSuccessAt, status.LastFailureAt,
        status.LastError, status.ParkedCount, status.ParkedTotal, [.. status.Parked.Select(ParkedUpdateResponse.From)],
        status.LastReconcile is { } reconcile ? ResyncResponse.From(reconcile) : null);
}
