using System.Globalization;
using System.Net;
using Inventory.IntegrationTests.Infrastructure;
using Inventory.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Inventory.IntegrationTests.Operations;

/// <summary>
/// The silo and gateway ports take grain calls from anyone who reaches them, with no API key and no role: on the
/// embedded default they must be reachable from this machine only.
/// </summary>
public class ListeningPortsTests
{
    [Fact]
    public async Task TheEmbeddedSiloListensOnLoopbackOnly()
    {
        using var data = new TempDirectory();
        var siloPort = LoopbackPorts.Next();
        var gatewayPort = LoopbackPorts.Next();
        await using var api = new InventoryApiFactory(data.Path, new()
        {
            ["Inventory:Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Inventory:Cluster:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        });
        api.StartServer();

        Assert.Equal(("127.0.0.1", "127.0.0.1"), (ListeningAddresses(siloPort), ListeningAddresses(gatewayPort)));
    }

    /// <summary>
    /// On Redis membership with no advertised address, Orleans advertises an address of this host; the silo must
    /// listen on that address, not on every interface (which would include public ones). Read from the silo's
    /// endpoint options: the silo is composed, not started, so nothing binds and nothing connects.
    /// </summary>
    [Fact]
    public void AClusterSiloWithoutAnAdvertisedAddressListensOnlyOnTheAddressItAdvertises()
    {
        var endpoints = ComposedEndpoints(new() { ["Inventory:Cluster:Membership"] = "Redis", ["Inventory:Cluster:Redis"] = "localhost:1" });

        Assert.NotNull(endpoints.AdvertisedIPAddress);
        Assert.Equal(
            (new IPEndPoint(endpoints.AdvertisedIPAddress, 11111), new IPEndPoint(endpoints.AdvertisedIPAddress, 30000)),
            ListeningEndpoints(endpoints));
    }

    /// <summary>Listening on every interface (behind NAT, in a container) is an explicit choice.</summary>
    [Fact]
    public void ListeningOnEveryInterfaceIsAnExplicitSetting()
    {
        var endpoints = ComposedEndpoints(new()
        {
            ["Inventory:Cluster:Membership"] = "Redis",
            ["Inventory:Cluster:Redis"] = "localhost:1",
            ["Inventory:Cluster:AdvertisedIPAddress"] = "10.0.0.12",
            ["Inventory:Cluster:ListenOnAllInterfaces"] = "true",
        });

        Assert.Equal(
            (IPAddress.Parse("10.0.0.12"), new IPEndPoint(IPAddress.Any, 11111), new IPEndPoint(IPAddress.Any, 30000)),
            (endpoints.AdvertisedIPAddress, ListeningEndpoints(endpoints).Silo, ListeningEndpoints(endpoints).Gateway));
    }

    // Orleans listens on the advertised address unless a listening endpoint is set.
    private static (IPEndPoint Silo, IPEndPoint Gateway) ListeningEndpoints(EndpointOptions endpoints) => (
        endpoints.SiloListeningEndpoint ?? new IPEndPoint(endpoints.AdvertisedIPAddress, endpoints.SiloPort),
        endpoints.GatewayListeningEndpoint ?? new IPEndPoint(endpoints.AdvertisedIPAddress, endpoints.GatewayPort));

    private static EndpointOptions ComposedEndpoints(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Cluster:SiloPort"] = "11111",
            ["Inventory:Cluster:GatewayPort"] = "30000",
        });
        builder.UseOrleans(silo => silo.AddInventorySilo(builder.Configuration));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
    }

    /// <summary>The local addresses of this machine's listening TCP sockets on <paramref name="port"/>, from the kernel's tables.</summary>
    private static string ListeningAddresses(int port)
    {
        const string Listen = "0A";
        var addresses = new List<string>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var local = fields[1].Split(':');
                if (fields[3] == Listen && int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                {
                    addresses.Add(Address(local[0]).ToString());
                }
            }
        }

        return string.Join(", ", addresses.Order(StringComparer.Ordinal));
    }

    // The kernel prints an address as 32-bit words in host (little-endian) order.
    private static IPAddress Address(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        var address = new IPAddress(bytes);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
