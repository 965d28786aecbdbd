using Inventory.ServiceDefaults.Configuration;
using Inventory.ServiceDefaults.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Inventory.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry for every host. Metrics, exported for Prometheus at <c>/metrics</c>: the host's own meters, Orleans'
/// meter and the meters .NET and ASP.NET Core emit themselves (so no instrumentation packages are needed). A silo adds
/// the grains' meter where it composes them, so the API in client mode lists no meter it never records on. Traces, only
/// when configured (<see cref="TelemetryOptions.Tracing"/>): ASP.NET Core requests, Orleans' grain call and grain
/// state spans, outgoing HTTP, and whatever sources the host adds (a silo adds the grains' own), exported by OTLP as the
/// standard <c>OTEL_*</c> variables say.
/// </summary>
public static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>The meter the Orleans runtime (silo and client) records on.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    private const string Otlp = "otlp";
    private const string NoExporter = "none";

    private static readonly string[] PlatformMeters =
    [
        OrleansMeterName,
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Runtime",
        "System.Net.Http",
    ];

    // Not Orleans' runtime source: its system targets, stream polling and membership would bury the requests' traces.
    // The lifecycle source stays: a request that activates a grain shows the placement and the activation's state read
    // in its trace (an idle deactivation is a short trace of its own).
    private static readonly string[] PlatformSources =
    [
        ActivitySources.ApplicationGrainActivitySourceName,
        ActivitySources.StorageActivitySourceName,
        ActivitySources.LifecycleActivitySourceName,
        "System.Net.Http",
    ];

    // Scrapes, probes and the dashboard's polling are not what anybody debugs, and arrive every few seconds.
    private static readonly PathString[] UntracedPaths =
        [MetricsPath, HealthExtensions.LivePath, HealthExtensions.ReadyPath, ServiceDefaultsExtensions.DashboardPath];

    /// <param name="builder">The web host.</param>
    /// <param name="meters">This host's own meters.</param>
    public static WebApplicationBuilder AddInventoryTelemetry(this WebApplicationBuilder builder, params string[] meters)
    {
        var (tracing, otlp) = Tracing(builder.Services, builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(meters)
                .AddMeter(PlatformMeters)
                .AddPrometheusExporter());
        if (tracing)
        {
            telemetry.WithTracing(traces =>
            {
                traces.AddSource(PlatformSources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !UntracedPaths.Any(path => context.Request.Path.StartsWithSegments(path)));
                if (otlp)
                {
                    traces.AddOtlpExporter();
                }
            });
        }

        return builder;
    }

    /// <summary>
    /// Whether this host records traces (<see cref="TelemetryOptions.Tracing"/>); only then should its grain calls carry
    /// them (Orleans' <c>AddActivityPropagation</c> on the silo or client, whose filters every call would pass otherwise).
    /// </summary>
    /// <exception cref="InventoryConfigurationException">The settings are malformed.</exception>
    public static bool IsTracingEnabled(this IServiceCollection services, IConfiguration configuration) => Tracing(services, configuration).Enabled;

    public static IEndpointRouteBuilder MapInventoryMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static (bool Enabled, bool Otlp) Tracing(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.LoadValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.Section);
        if (bool.TryParse(configuration["OTEL_SDK_DISABLED"], out var disabled) && disabled)
        {
            return (false, false);
        }

        var exporters = (configuration["OTEL_TRACES_EXPORTER"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exporters.FirstOrDefault(exporter => !Names(exporter, Otlp) && !Names(exporter, NoExporter)) is { } unknown)
        {
            throw new InventoryConfigurationException($"OTEL_TRACES_EXPORTER: '{unknown}' is not an exporter this service has ({Otlp} or {NoExporter}).");
        }

        var otlp = exporters.Any(exporter => Names(exporter, Otlp)) || (exporters.Length == 0 && (options.Tracing == true
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])));
        var enabled = options.Tracing ?? otlp;
        return (enabled, enabled && otlp);
    }

    private static bool Names(string exporter, string name) => string.Equals(exporter, name, StringComparison.OrdinalIgnoreCase);
}
