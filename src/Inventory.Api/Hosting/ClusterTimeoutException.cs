namespace Inventory.Api.Hosting;

/// <summary>The cluster did not answer within the call's time budget; the call may still complete there.</summary>
public sealed class ClusterTimeoutException(TimeSpan budget)
    : TimeoutException($"The cluster did not answer within {budget.TotalMilliseconds:0} ms.")
{
    public TimeSpan Budget { get; } = budget;
}
