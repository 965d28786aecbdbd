using Inventory.Diagnostics;
using OpenTelemetry.Metrics;

namespace Inventory.Silo.Hosting;

/// <summary>
/// Records 0 on the counters whose zero is the news (oversells, invariant violations, …) once metrics are
/// collected, so a scrape lists them from the start and an alert can tell "0" from "not reported".
/// </summary>
internal sealed class MetricBaseline(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Measurements made before the meter provider listens are lost: make sure it exists first (null without
        // OpenTelemetry, e.g. in test clusters, where the zeros are simply not collected).
        _ = services.GetService<MeterProvider>();
        InventoryMetrics.RecordBaseline();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
