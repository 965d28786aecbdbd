using System.Net;
using Inventory.IntegrationTests.Api;
using Inventory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.IntegrationTests.Operations;

public class DashboardBrowserTests
{
    private const string ApiKeyHeader = "X-Api-Key";
    private const string AdminKey = "test-admin-key-0123456789";
    private const string Location = "WH-DASH";

    [Fact]
    public async Task TheDashboardInAHeadlessBrowserListsTheActiveGrainTypes()
    {
        using var data = new TempDirectory();
        // Outside Development, where the dashboard requires the admin role.
        await using var api = new InventoryApiFactory(data.Path, new()
        {
            ["Inventory:Api:Auth:Keys:0:Name"] = "test-admin",
            ["Inventory:Api:Auth:Keys:0:Sha256"] = Inventory.ServiceDefaults.Security.ApiKeyHash.Of(AdminKey),
            ["Inventory:Api:Auth:Keys:0:Roles:0"] = "admin",
            ["Inventory:Api:Auth:Keys:0:Roles:1"] = "ops",
            ["Inventory:Api:Auth:Keys:0:Roles:2"] = "storefront",
        }, environment: "Production");
        api.UseKestrel(0);
        api.StartServer();
        var address = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var anonymous = new HttpClient { BaseAddress = address };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Add(ApiKeyHeader, AdminKey);
        var sku = await http.SeedAsync(Location, 5);
        var (created, _) = await http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new { lines = new[] { new { sku, location = Location, quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Created, created);

        await using var browser = await HeadlessChromium.LaunchAsync();
        await browser.SetExtraHeadersAsync(new Dictionary<string, string> { [ApiKeyHeader] = AdminKey });
        // The overview shows the busiest methods; the Grains view lists every active grain type.
        await browser.NavigateAsync(new Uri(address, "/dashboard/#/grains"));

        await Eventually.MatchesAsync(
            () => browser.EvaluateAsync("document.body ? document.body.innerText : ''"),
            text => text is not null && text.Contains("StockGrain", StringComparison.Ordinal) && text.Contains("ReservationGrain", StringComparison.Ordinal),
            "the dashboard page to list StockGrain and ReservationGrain", TimeSpan.FromSeconds(60));
    }
}
