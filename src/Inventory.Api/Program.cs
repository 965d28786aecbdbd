using Inventory.Api.Availability;
using Inventory.Api.Channels;
using Inventory.Api.Hosting;
using Inventory.Api.Reservations;
using Inventory.Api.Stock;
using Inventory.Silo.Hosting;
using Orleans.Dashboard;

return await StartupGuard.RunAsync("Inventory.Api", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddInventoryCluster();
    builder.AddInventoryApi();
    builder.AddInventoryOpenApi();
    builder.AddInventoryHealth();
    builder.AddInventoryTelemetry(CheckoutMetrics.MeterName);

    var app = builder.Build();
    app.UseInventoryApi();
    app.MapAvailability();
    app.MapStock();
    app.MapReservations();
    app.MapChannels();
    app.MapOrleansDashboard("/dashboard");
    app.MapInventoryOpenApi();
    app.MapInventoryHealth();
    app.MapInventoryMetrics();
    app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription();
    await app.RunAsync();
});

/// <summary>Entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
