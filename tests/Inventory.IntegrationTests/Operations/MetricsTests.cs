using System.Net;
using Inventory.IntegrationTests.Api;
using Inventory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Inventory.IntegrationTests.Operations;

public class MetricsTests(ApiFixture api, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    private const string Location = "WH-METRICS";
    private readonly HttpClient _http = api.CreateClient();

    [Fact]
    public async Task ACheckoutShowsUpOnThePrometheusEndpoint()
    {
        var sku = await _http.SeedAsync(Location, 5);
        var (created, reservation) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new
        {
            lines = new[] { new { sku, location = Location, quantity = 2 } },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        var (committed, _) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{reservation.Str("id")}/commit", new { orderId = "order-metrics" });
        Assert.Equal(HttpStatusCode.OK, committed);
        var (availability, _) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/availability/{Location}/{sku}");
        Assert.Equal(HttpStatusCode.OK, availability);

        // The exporter caches a scrape briefly: wait for one taken after the commit.
        var scrape = await Eventually.MatchesAsync(ScrapeAsync,
            text => text.Contains("inventory_checkout_duration_milliseconds_count{", StringComparison.Ordinal)
                    && text.Contains("operation=\"commit\"", StringComparison.Ordinal),
            "a scrape that includes the commit");
        var names = MetricNames(scrape);
        output.WriteLine(string.Join('\n', names));

        Assert.Contains("inventory_reservations_total", names);
        Assert.Contains("inventory_checkout_duration_milliseconds_bucket", names);
        Assert.Contains("inventory_oversell_incidents_total", names);
        Assert.Contains("inventory_invariant_violations_total", names);
        Assert.Contains("inventory_holds_expired_total", names);
        Assert.Contains("inventory_feed_ignored_total", names);
        Assert.Contains("inventory_stock_write_failures_total", names);
        Assert.Contains("inventory_stock_batch_size_bucket", names);
        // The read is a hit or a miss depending on whether the change's push reached the cache first.
        Assert.Contains(names, n => n is "inventory_cache_hits_total" or "inventory_cache_misses_total");
        Assert.Contains("http_server_request_duration_seconds_bucket", names);
        Assert.Contains(names, n => n.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains("inventory_oversell_incidents_total 0", scrape.Split('\n').Select(StripScope));
        Assert.Contains(scrape.Split('\n'), l => l.StartsWith("inventory_reservations_total{", StringComparison.Ordinal)
            && l.Contains("command=\"commit\"", StringComparison.Ordinal) && l.Contains("outcome=\"Ok\"", StringComparison.Ordinal));
        Assert.Contains(scrape.Split('\n'), l => l.StartsWith("inventory_checkout_duration_milliseconds_count{", StringComparison.Ordinal)
            && l.Contains("operation=\"reserve\"", StringComparison.Ordinal) && l.Contains("outcome=\"ok\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACheckoutRefusedAsInvalidIsTimedWithItsProblemType()
    {
        var (refused, _) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations/metrics-bad-extend/extend", new { ttlSeconds = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, refused);

        await Eventually.MatchesAsync(ScrapeAsync,
            text => text.Split('\n').Any(l => l.StartsWith("inventory_checkout_duration_milliseconds_count{", StringComparison.Ordinal)
                && l.Contains("operation=\"extend\"", StringComparison.Ordinal) && l.Contains("outcome=\"validation-failed\"", StringComparison.Ordinal)),
            "a scrape that times the refused extend as validation-failed");
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await _http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static SortedSet<string> MetricNames(string scrape) => new(
        scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.IndexOfAny(['{', ' '])]),
        StringComparer.Ordinal);

    /// <summary>"name{otel_scope_name=…} 0" → "name 0": the exporter labels each series with its meter.</summary>
    private static string StripScope(string line)
    {
        var open = line.IndexOf('{', StringComparison.Ordinal);
        var close = line.IndexOf('}', StringComparison.Ordinal);
        return open < 0 || close < open ? line : line[..open] + line[(close + 1)..];
    }
}
