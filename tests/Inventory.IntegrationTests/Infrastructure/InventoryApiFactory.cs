using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>
/// The real API (Program) with its co-hosted silo on a SQLite file in <paramref name="dataDirectory"/>, on free
/// ports, so several can run side by side and a second instance on the same folder sees what the first stored.
/// </summary>
public sealed class InventoryApiFactory(
    string dataDirectory, Dictionary<string, string>? settings = null, string environment = "Development", Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    private readonly string _clusterId = $"api-tests-{Guid.NewGuid():N}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Inventory:Storage:DataDirectory", dataDirectory);
        builder.UseSetting("Inventory:Cluster:ClusterId", _clusterId);
        builder.UseSetting("Inventory:Cluster:SiloPort", LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Inventory:Cluster:GatewayPort", LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests send many requests quickly; the rate-limit tests set their own limit.
        builder.UseSetting("Inventory:Api:Auth:DefaultRequestsPerSecond", "100000");
        // Tiny hold pages, so every API test also exercises holds stored across sealed pages.
        builder.UseSetting("Inventory:Stock:HoldPageSize", "3");
        // Bursts of hundreds of concurrent checkouts on SQLite take seconds on a loaded 2-core machine; the time-budget
        // tests set their own budget.
        builder.UseSetting("Inventory:Api:TimeBudgets:Checkout", "00:01:00");
        // An Idempotency-Key's lease must outlast the checkout budget.
        builder.UseSetting("Inventory:Api:Idempotency:Lease", "00:02:00");
        foreach (var (key, value) in settings ?? [])
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    /// <summary>Clients act with every role unless a test sends another key.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", DevelopmentKeys.Admin);
    }
}

/// <summary>One API instance shared by a test class.</summary>
public sealed class ApiFixture : IDisposable
{
    private readonly TempDirectory _data = new();

    public ApiFixture() => Factory = new InventoryApiFactory(_data.Path);

    public InventoryApiFactory Factory { get; }

    /// <summary>The folder of the instance's SQLite file.</summary>
    public string DataDirectory => _data.Path;

    public HttpClient CreateClient() => Factory.CreateClient();

    public void Dispose()
    {
        Factory.Dispose();
        _data.Dispose();
    }
}
