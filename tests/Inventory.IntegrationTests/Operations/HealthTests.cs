using System.Diagnostics;
using System.Globalization;
using System.Net;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Operations;

public class HealthTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task TheApiIsLiveAndReadyWhileItsCoHostedSiloRuns()
    {
        using var http = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/live"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/ready"));
    }

    /// <summary>
    /// A client-mode API does not start without a silo (its host waits until the gateway answers), so the "no silo"
    /// case is a silo that goes away: the API stays live but is no longer ready, and says so within seconds.
    /// </summary>
    [Fact]
    public async Task AClientApiWhoseSiloIsGoneIsLiveButNotReady()
    {
        using var data = new TempDirectory();
        var clusterId = $"health-{Guid.NewGuid():N}";
        var gatewayPort = LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture);
        var silo = new InventoryApiFactory(data.Path, new()
        {
            ["Inventory:Cluster:ClusterId"] = clusterId,
            ["Inventory:Cluster:GatewayPort"] = gatewayPort,
        });
        using var client = new InventoryApiFactory(data.Path, new()
        {
            ["Inventory:Api:Mode"] = "Client",
            ["Inventory:Api:Gateways:0"] = $"127.0.0.1:{gatewayPort}",
            ["Inventory:Cluster:ClusterId"] = clusterId,
        });
        try
        {
            silo.StartServer();
            using var http = client.CreateClient();
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/ready"));

            await silo.DisposeAsync();

            await Eventually.MatchesAsync(() => StatusAsync(http, "/health/ready"), s => s == HttpStatusCode.ServiceUnavailable,
                "/health/ready to answer 503 once the silo stopped", TimeSpan.FromSeconds(30));
            var probe = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(http, "/health/ready"));
            Assert.True(probe.Elapsed < TimeSpan.FromSeconds(5), $"/health/ready took {probe.Elapsed.TotalSeconds:0.0}s with no silo");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/live"));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
