using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.ServiceDefaults.Health;

/// <summary>
/// Liveness and readiness probes for the API and the silo's web host: <c>/health/live</c> answers 200 while the
/// process serves HTTP; <c>/health/ready</c> answers 200 only when the cluster takes grain calls, otherwise 503.
/// </summary>
public static class HealthExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>Tag of the checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddInventoryHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapInventoryHealth(this IEndpointRouteBuilder app)
    {
        // Probes come from load balancers and orchestrators, which carry no credentials.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}
