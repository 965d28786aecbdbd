using Inventory.ServiceDefaults.Health;
using Inventory.ServiceDefaults.Security;
using Inventory.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;

namespace Inventory.ServiceDefaults;

/// <summary>
/// What every host of the service has, the same way: API keys with roles, health probes, metrics and the Orleans
/// dashboard behind the admin role. A host adds its own parts around these.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string DashboardPath = "/dashboard";

    /// <summary>API-key authentication with the role policies, the health checks and the metrics pipeline.</summary>
    /// <param name="builder">The web host.</param>
    /// <param name="meters">The host's own meters, exported besides the platform's.</param>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, params string[] meters)
    {
        builder.AddApiKeyAuthentication();
        builder.AddInventoryHealth();
        builder.AddInventoryTelemetry(meters);
        return builder;
    }

    /// <summary>
    /// The probes, the Prometheus endpoint and the dashboard (open in Development, the admin role elsewhere), with
    /// <c>/</c> leading to the dashboard. Call after the authentication and authorization middleware.
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapInventoryHealth();
        app.MapInventoryMetrics();
        var dashboard = app.MapOrleansDashboard(DashboardPath);
        if (!app.Environment.IsDevelopment())
        {
            dashboard.RequireAuthorization(ApiRoles.Admin);
        }

        app.MapGet("/", () => Results.Redirect(DashboardPath)).ExcludeFromDescription();
        return app;
    }
}
