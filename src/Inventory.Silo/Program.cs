using Inventory.ServiceDefaults;
using Inventory.ServiceDefaults.Configuration;
using Inventory.Silo.Hosting;
using Inventory.Silo.Storage;

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
            var storage = builder.Services.LoadValidatedOptions<StorageOptions>(builder.Configuration, StorageOptions.Section);
            await SchemaInstaller.MigrateAsync(storage);
            Console.WriteLine($"Storage schema is up to date ({storage.Provider}).");
            return;
        }

        builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapServiceDefaults();
        await app.RunAsync();
    });
}
