using Inventory.Api.Availability;
using Inventory.Api.Channels;
using Inventory.Api.Hosting;
using Inventory.Api.Idempotency;
using Inventory.Api.Reservations;
using Inventory.Api.Security;
using Inventory.Api.Stock;
using Inventory.Silo.Hosting;
using Inventory.Silo.Security;
using Orleans.Dashboard;

if (ApiKeyTool.IsInvocation(args))
{
    return ApiKeyTool.Run(args);
}

return await StartupGuard.RunAsync("Inventory.Api", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddInventoryCluster();
    builder.AddInventoryApi();
    builder.AddInventorySecurity();
    builder.AddInventoryIdempotency();
    builder.AddInventoryOpenApi();
    builder.AddInventoryHealth();
    builder.AddInventoryTelemetry(ApiMeter.Name);

    var app = builder.Build();
    app.UseInventoryApi();
    app.UseInventorySecurity();
    app.UseInventoryIdempotency();
    app.MapAvailability();
    app.MapStock();
    app.MapReservations();
    app.MapChannels();
    var dashboard = app.MapOrleansDashboard("/dashboard");
    if (!app.Environment.IsDevelopment())
    {
        dashboard.RequireAuthorization(ApiRoles.Admin);
    }

    app.MapInventoryOpenApi();
    app.MapInventoryHealth();
    app.MapInventoryMetrics();
    app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription();
    await app.RunAsync();
});

/// <summary>Entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
