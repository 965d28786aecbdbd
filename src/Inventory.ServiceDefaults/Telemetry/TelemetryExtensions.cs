using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Inventory.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry metrics, exported for Prometheus at <c>/metrics</c>: the host's own meters, Orleans' meter and
/// the meters .NET and ASP.NET Core emit themselves (so no instrumentation packages are needed). A silo adds the
/// grains' meter where it composes them, so the API in client mode lists no meter it never records on.
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>The meter the Orleans runtime (silo and client) records on.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    private static readonly string[] PlatformMeters =
    [
        OrleansMeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Runtime",
        "System.Net.Http",
    ];

    /// <param name="builder">The web host.</param>
    /// <param name="meters">This host's own meters.</param>
    public static WebApplicationBuilder AddInventoryTelemetry(this WebApplicationBuilder builder, params string[] meters)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(meters)
                .AddMeter(PlatformMeters)
                .AddPrometheusExporter());
        return builder;
    }

    public static IEndpointRouteBuilder MapInventoryMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
