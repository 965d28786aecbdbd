using System.Net;
using System.Text.RegularExpressions;
using Inventory.IntegrationTests.Api;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Operations;

/// <summary><c>inventory.shortfall.units</c> on the Prometheus endpoint, from the silo's poll of storage.</summary>
public sealed class ShortfallGaugeTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task TheShortfallOfALocationIsReportedUntilAReceiptMakesItWholeThenZero()
    {
        await using var api = new InventoryApiFactory(_data.Path, new() { ["Inventory:ShortfallGauge:PollPeriod"] = "00:00:01" });
        using var http = api.CreateClient();
        var location = $"WH-GAUGE-{Guid.NewGuid():N}"[..20];
        var sku = await http.SeedAsync(location, 5);
        var (created, _) = await http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new { lines = new[] { new { sku, location, quantity = 4 } } });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.OK, (await http.SendJsonAsync(HttpMethod.Put, $"/v1/stock/{location}/{sku}", new { onHand = 1, asOf = DateTimeOffset.UtcNow })).Status);

        await Eventually.MatchesAsync(() => ScrapeAsync(http), text => Reports(text, location, 3), $"the gauge to report 3 units short at {location}");
        Assert.Equal(HttpStatusCode.OK, (await http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{location}/{sku}/receipts", new { quantity = 3, operationId = "rcv-heal" })).Status);
        await Eventually.MatchesAsync(() => ScrapeAsync(http), text => Reports(text, location, 0), $"the gauge to report 0 units short at {location}");
    }

    private static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static bool Reports(string scrape, string location, long units) => scrape.Split('\n').Any(line =>
        Regex.IsMatch(line, $@"^inventory_shortfall_units\{{[^}}]*location=""{Regex.Escape(location)}""[^}}]*\}} {units}(\s|$)"));
}
