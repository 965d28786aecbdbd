using Inventory.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans;

namespace Inventory.ServiceDefaults.Health;

/// <summary>
/// Ready means the cluster answers a grain call now. The call is bounded by <see cref="Timeout"/>, so a probe
/// against a cluster that is gone answers "unhealthy" quickly instead of waiting for Orleans' response timeout.
/// </summary>
internal sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<IClusterHealthGrain>(0).PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("The cluster answered a grain call.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The cluster did not answer a grain call within {Timeout.TotalSeconds:0}s.", ex);
        }
    }
}
