using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>
/// The real API (Program) with its co-hosted silo on a SQLite file in <paramref name="dataDirectory"/>, on free
/// ports, so several can run side by side and a second instance on the same folder sees what the first stored.
/// </summary>
public sealed class InventoryApiFactory(string dataDirectory, Dictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string _clusterId = $"api-tests-{Guid.NewGuid():N}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Inventory:Storage:DataDirectory", dataDirectory);
        builder.UseSetting("Inventory:Cluster:ClusterId", _clusterId);
        builder.UseSetting("Inventory:Cluster:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Inventory:Cluster:GatewayPort", FreePort.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? [])
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>One API instance shared by a test class.</summary>
public sealed class ApiFixture : IDisposable
{
    private readonly TempDirectory _data = new();

    public ApiFixture() => Factory = new InventoryApiFactory(_data.Path);

    public InventoryApiFactory Factory { get; }

    public HttpClient CreateClient() => Factory.CreateClient();

    public void Dispose()
    {
        Factory.Dispose();
        _data.Dispose();
    }
}
