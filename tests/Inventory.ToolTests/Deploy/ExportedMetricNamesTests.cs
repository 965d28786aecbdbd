using System.Net;
using Inventory.ToolTests.Infrastructure;
using Xunit.Abstractions;

namespace Inventory.ToolTests.Deploy;

/// <summary>
/// Every metric the shipped alert rules and dashboard query is one the service exports: the real API process (with
/// a channel that delivers and one that cannot) is exercised until every name shows up on <c>/metrics</c>, or the
/// test names those that never did.
/// </summary>
public sealed class ExportedMetricNamesTests(ExportedMetricsFixture service, ITestOutputHelper output) : IClassFixture<ExportedMetricsFixture>
{
    [Fact]
    public async Task EveryMetricTheAlertRulesQueryIsExported()
    {
        var used = AlertRules.Read().SelectMany(r => PromQl.MetricNames(r.Expression).Select(name => (Where: $"alert {r.Alert}", Name: name))).ToList();

        await AssertExportedAsync(used);
    }

    [Fact]
    public async Task EveryMetricTheDashboardQueriesIsExported()
    {
        var used = Dashboard.Expressions(Dashboard.Load()).SelectMany(e => PromQl.MetricNames(e.Expression).Select(name => (e.Where, Name: name))).ToList();

        await AssertExportedAsync(used);
    }

    private async Task AssertExportedAsync(List<(string Where, string Name)> used)
    {
        Assert.NotEmpty(used);
        var wanted = used.Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var exported = await Eventually.MatchesAsync(
            service.ExerciseAndScrapeAsync,
            names => wanted.IsSubsetOf(names),
            names => "the service to export " + string.Join(", ", used.Where(u => !names.Contains(u.Name)).Select(u => $"{u.Name} ({u.Where})").Distinct()),
            TimeSpan.FromSeconds(90));
        output.WriteLine($"{wanted.Count} names used, all among the {exported.Count} exported");
    }
}

/// <summary>The API process with two channels: one whose receiver accepts everything, one whose endpoint nobody listens on.</summary>
public sealed class ExportedMetricsFixture : IAsyncLifetime
{
    private const string Location = "WH-METRICS";
    private readonly ChannelStub _receiver = new();
    private ApiProcess _api = null!;
    private HttpClient _ops = null!;
    private HttpClient _storefront = null!;
    private HttpClient _anonymous = null!;
    private int _round;

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["Inventory__Channels__marketplace__Endpoint"] = _receiver.Endpoint.ToString(),
            ["Inventory__Channels__marketplace__Secret"] = "tool-tests-channel-secret",
            ["Inventory__Channels__marketplace__DeliveriesPerSecond"] = "100",
            // Nothing listens there: a delivery fails at once and, with no retries, its updates are parked.
            ["Inventory__Channels__offline__Endpoint"] = $"http://127.0.0.1:{LoopbackPorts.Next()}/stock-updates",
            ["Inventory__Channels__offline__Secret"] = "tool-tests-channel-secret",
            ["Inventory__Channels__offline__MaxRetries"] = "0",
            ["Inventory__Channels__offline__ParkAfterFailures"] = "1",
            ["Inventory__Channels__offline__DeliveriesPerSecond"] = "100",
            // The shortfall gauge is read from storage every second instead of every 15.
            ["Inventory__ShortfallGauge__PollPeriod"] = "00:00:01",
        };
        _api = await ApiProcess.StartAsync(settings);
        _ops = _api.CreateClient(DevelopmentKeys.Ops);
        _storefront = _api.CreateClient(DevelopmentKeys.Storefront);
        _anonymous = new HttpClient { BaseAddress = _api.Url };
    }

    /// <summary>
    /// One round of what makes each instrument record: a count (stock change, channel deliveries), availability reads
    /// before and after it (cache miss, hit, invalidation), a reservation (checkout), a hold left short by a count
    /// (shortfall gauge), then the scrape's metric names.
    /// </summary>
    public async Task<IReadOnlySet<string>> ExerciseAndScrapeAsync()
    {
        var round = Interlocked.Increment(ref _round);
        var sku = $"METRICS-{round}";
        await SendAsync(_ops, HttpMethod.Put, $"v1/stock/{Location}/{sku}", new { onHand = 20, asOf = DateTimeOffset.UtcNow.AddMinutes(-1) }, HttpStatusCode.OK);
        await SendAsync(_storefront, HttpMethod.Get, $"v1/availability/{Location}/{sku}", null, HttpStatusCode.OK);
        await SendAsync(_ops, HttpMethod.Put, $"v1/stock/{Location}/{sku}", new { onHand = 30, asOf = DateTimeOffset.UtcNow }, HttpStatusCode.OK);
        await SendAsync(_storefront, HttpMethod.Get, $"v1/availability/{Location}/{sku}", null, HttpStatusCode.OK);
        await SendAsync(_storefront, HttpMethod.Post, "v1/reservations", new { lines = new[] { new { sku, location = Location, quantity = 1 } } }, HttpStatusCode.Created);
        await SendAsync(_ops, HttpMethod.Put, $"v1/stock/{Location}/{sku}", new { onHand = 0, asOf = DateTimeOffset.UtcNow }, HttpStatusCode.OK);

        using var scrape = await _anonymous.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        return text.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l[..l.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
    }

    public async Task DisposeAsync()
    {
        _ops?.Dispose();
        _storefront?.Dispose();
        _anonymous?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        await _receiver.DisposeAsync();
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        var (status, answer) = await http.SendJsonAsync(method, path, body);
        Assert.True(status == expected, $"{method} {path}: {(int)status} {answer}");
    }
}
