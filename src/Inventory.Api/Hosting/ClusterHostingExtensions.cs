using System.Net;
using Inventory.ServiceDefaults.Configuration;
using Inventory.ServiceDefaults.Telemetry;
using Inventory.Silo.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Inventory.Api.Hosting;

/// <summary>Connects the API to the grains: a co-hosted silo (embedded default) or a client of standalone silos.</summary>
public static class ClusterHostingExtensions
{
    public static WebApplicationBuilder AddInventoryCluster(this WebApplicationBuilder builder)
    {
        var settings = builder.Services.LoadValidatedOptions<ApiClusterOptions>(builder.Configuration, ApiClusterOptions.Section);
        if (settings.Mode == ClusterMode.CoHosted)
        {
            builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));
            return builder;
        }

        var cluster = builder.Services.LoadValidatedOptions<InventoryClusterOptions>(builder.Configuration, InventoryClusterOptions.Section);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            if (cluster.Membership == MembershipKind.Redis)
            {
                // Gateways come from the membership table; refresh it often so a dead silo's gateway is dropped fast.
                client.UseRedisClustering(cluster.Redis!);
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
            }
            else
            {
                var gateways = settings.Gateways.Count > 0
                    ? settings.Gateways
                    : throw new InventoryConfigurationException($"{ApiClusterOptions.Section}:Gateways must list at least one silo gateway (host:port) in Client mode.");
                client.UseStaticClustering([.. gateways.Select(ParseGateway)]);
            }

            // A crashed silo closes its gateway connection at once: what was waiting on it fails and is repeated elsewhere.
            client.Services.AddSingleton<GatewayLossBreaker>();
            client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayLossBreaker>());
            client.Services.AddSingleton<IOutgoingGrainCallFilter>(services => services.GetRequiredService<GatewayLossBreaker>());
            client.AddDashboard();
            if (builder.Services.IsTracingEnabled(builder.Configuration))
            {
                // Requests' traces go on into the silos (a co-hosted silo adds the same for itself).
                client.AddActivityPropagation();
            }
        });
        return builder;
    }

    private static IPEndPoint ParseGateway(string gateway)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            throw new InventoryConfigurationException($"{ApiClusterOptions.Section}:Gateways: '{gateway}' is not host:port.");
        }

        var host = gateway[..colon];
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var ip) ? ip
            : Dns.GetHostAddresses(host).First();
        return new IPEndPoint(address, port);
    }
}
