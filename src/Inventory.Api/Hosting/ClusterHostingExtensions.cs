using System.Net;
using Inventory.Silo.Hosting;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace Inventory.Api.Hosting;

/// <summary>Connects the API to the grains: a co-hosted silo (embedded default) or a client of standalone silos.</summary>
public static class ClusterHostingExtensions
{
    public static WebApplicationBuilder AddInventoryCluster(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ApiClusterSettings.Section).Get<ApiClusterSettings>() ?? new ApiClusterSettings();
        if (settings.Mode == ClusterMode.CoHosted)
        {
            builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));
            return builder;
        }

        var cluster = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var gateways = settings.Gateways.Count > 0 ? settings.Gateways : throw new InvalidOperationException($"{ApiClusterSettings.Section}:Gateways must list at least one silo gateway (host:port) in Client mode.");
        builder.UseOrleansClient(client => client
            .UseStaticClustering([.. gateways.Select(ParseGateway)])
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            })
            .AddDashboard());
        return builder;
    }

    private static IPEndPoint ParseGateway(string gateway)
    {
        var colon = gateway.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(gateway.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{ApiClusterSettings.Section}:Gateways: '{gateway}' is not host:port.");
        }

        var host = gateway[..colon];
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var ip) ? ip
            : Dns.GetHostAddresses(host).First();
        return new IPEndPoint(address, port);
    }
}
