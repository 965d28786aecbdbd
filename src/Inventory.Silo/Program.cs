using Inventory.ServiceDefaults;
using Inventory.ServiceDefaults.Configuration;
using Inventory.Silo.Hosting;
using Inventory.Silo.Storage;

namespace Inventory.Silo;

/// <summary>
/// A standalone silo: the grains, their storage and streams, and the dashboard.
/// <c>Inventory.Silo migrate</c> only creates or upgrades the storage schema and exits; <c>Inventory.Silo verify</c>
/// checks every pair's movement ledger and exits 1 if any is broken.
/// </summary>
public static class SiloProgram
{
    public static Task<int> Main(string[] args) => StartupGuard.RunAsync("Inventory.Silo", async () =>
    {
        var builder = WebApplication.CreateBuilder(args);
        switch (args.FirstOrDefault())
        {
            case "migrate":
                var storage = builder.Services.LoadValidatedOptions<StorageOptions>(builder.Configuration, StorageOptions.Section);
                await SchemaInstaller.MigrateAsync(storage);
                Console.WriteLine($"Storage schema is up to date ({storage.Provider}).");
                return 0;
            case "verify":
                return await VerifyAsync(builder);
        }

        builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapServiceDefaults();
        await app.RunAsync();
        return 0;
    });

    /// <summary>Walks every pair's retained movements (<see cref="StockLedgerCheck"/>) and prints each broken pair.</summary>
    private static async Task<int> VerifyAsync(WebApplicationBuilder builder)
    {
        var storage = builder.Services.LoadValidatedOptions<StorageOptions>(builder.Configuration, StorageOptions.Section);
        var cluster = builder.Services.LoadValidatedOptions<InventoryClusterOptions>(builder.Configuration, InventoryClusterOptions.Section);
        var report = await StockLedgerCheck.RunAsync(storage, cluster.ServiceId);
        foreach (var broken in report.Broken)
        {
            Console.WriteLine($"broken: {broken.Key}: {broken.Problem}");
        }

        Console.WriteLine($"Checked the movements of {report.PairsChecked} pairs ({storage.Provider}, service '{cluster.ServiceId}'): {report.Broken.Count} broken.");
        return report.Broken.Count == 0 ? 0 : 1;
    }
}
