using Inventory.Api.Availability;
using Inventory.Api.Channels;
using Inventory.Api.Hosting;
using Inventory.Api.Idempotency;
using Inventory.Api.Reservations;
using Inventory.Api.Security;
using Inventory.Api.Stock;
using Inventory.ServiceDefaults;

if (ApiKeyTool.IsInvocation(args))
{
    return ApiKeyTool.Run(args);
}

return await StartupGuard.RunAsync("Inventory.Api", async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddInventoryCluster();
    builder.AddInventoryApi();
    builder.AddServiceDefaults(ApiMeter.Name);
    builder.AddInventoryRateLimits();
    builder.AddInventoryIdempotency();
    builder.AddInventoryOpenApi();

    var app = builder.Build();
    app.UseInventoryApi();
    app.UseInventorySecurity();
    app.UseInventoryIdempotency();
    app.MapAvailability();
    app.MapStock();
    app.MapReservations();
    app.MapChannels();
    app.MapInventoryOpenApi();
    app.MapServiceDefaults();
    await app.RunAsync();
});

/// <summary>Entry point, visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
