using Inventory.Silo.Hosting;
using Orleans.Dashboard;

namespace Inventory.Silo;

/// <summary>A standalone silo: the grains, their storage and streams, and the dashboard.</summary>
public static class SiloProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));

        var app = builder.Build();
        app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription();
        app.MapOrleansDashboard("/dashboard");
        app.Run();
    }
}
