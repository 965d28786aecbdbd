using System.Globalization;
using Inventory.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Storage;

namespace Inventory.ClusterTests;

/// <summary>
/// A silo composed as in production (<see cref="InventorySiloExtensions.AddInventorySilo"/>) on a test database,
/// in this process, so a test can reach its grain storage and services directly.
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessSilo(IHost host, string serviceId)
    {
        _host = host;
        ServiceId = serviceId;
    }

    public string ServiceId { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The grain storage the inventory grains use: the batching one or the ADO.NET provider.</summary>
    public IGrainStorage GrainStorage => _host.Services.GetRequiredKeyedService<IGrainStorage>(InventoryNames.GrainStorage);

    public static async Task<InProcessSilo> StartAsync(string connectionString, bool batchWrites, Action<IServiceCollection>? services = null)
    {
        var serviceId = $"silo-{Guid.NewGuid():N}"[..20];
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Cluster:ClusterId"] = serviceId,
            ["Inventory:Cluster:ServiceId"] = serviceId,
            ["Inventory:Cluster:SiloPort"] = LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Inventory:Cluster:GatewayPort"] = LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Inventory:Storage:Provider"] = "PostgreSQL",
            ["Inventory:Storage:ConnectionString"] = connectionString,
            ["Inventory:Storage:BatchWrites"] = batchWrites ? "true" : "false",
            ["Inventory:Stock:HoldPageSize"] = "3",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessSilo(host, serviceId);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
