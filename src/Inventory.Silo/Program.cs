using Inventory.Silo.Hosting;
using Inventory.Silo.Security;
using Inventory.Silo.Storage;
using Orleans.Dashboard;

namespace Inventory.Silo;

/// <summary>
/// A standalone silo: the grains, their storage and streams, and the dashboard.
/// <c>Inventory.Silo migrate</c> only creates or upgrades the storage schema and exits.
/// </summary>
public static class SiloProgram
{
    public static Task<int> Main(string[] args) => StartupGuard.RunAsync("Inventory.Silo", async () =>
    {
        var builder = WebApplication.CreateBuilder(args);
        if (args.Length > 0 && args[0] == "migrate")
        {
            var storage = InventoryConfigurationException.Load<StorageSettings>(builder.Configuration, StorageSettings.Section);
            await SchemaInstaller.MigrateAsync(storage);
            Console.WriteLine($"Storage schema is up to date ({storage.Provider}).");
            return;
        }

        builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));
        builder.AddApiKeyAuthentication();
        builder.AddInventoryHealth();
        builder.AddInventoryTelemetry();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription();
        var dashboard = app.MapOrleansDashboard("/dashboard");
        if (!app.Environment.IsDevelopment())
        {
            dashboard.RequireAuthorization(ApiRoles.Admin);
        }

        app.MapInventoryHealth();
        app.MapInventoryMetrics();
        await app.RunAsync();
    });
}
