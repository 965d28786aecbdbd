using System.Net;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Api;

public sealed class LongTtlApiFixture : IDisposable
{
    private readonly TempDirectory _data = new();

    // A TTL far longer than any test: a value that changes in the cache can only have been pushed.
    public LongTtlApiFixture() => Factory = new InventoryApiFactory(_data.Path, new() { ["Inventory:Api:Cache:Ttl"] = "01:00:00" });

    public InventoryApiFactory Factory { get; }

    public void Dispose()
    {
        Factory.Dispose();
        _data.Dispose();
    }
}

public class AvailabilityApiTests(LongTtlApiFixture api) : IClassFixture<LongTtlApiFixture>
{
    private const string Location = "WH-AV";
    private readonly HttpClient _http = api.Factory.CreateClient();

    [Fact]
    public async Task ACachedValueIsReplacedByPushWhenTheStockChanges()
    {
        var sku = await _http.SeedAsync(Location, 10);
        using var first = await _http.GetAsync(new Uri($"/v1/availability/{Location}/{sku}", UriKind.Relative));
        Assert.Equal("\"1\"", first.Headers.ETag?.Tag);

        await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new { lines = new[] { new { sku, location = Location, quantity = 4 } } });

        var pushed = await Eventually.MatchesAsync(
            () => _http.SendJsonAsync(HttpMethod.Get, $"/v1/availability/{Location}/{sku}"),
            r => r.Body.Long("version") == 2, "the change to be pushed into the cache");
        Assert.Equal(6, pushed.Body.Long("available"));
    }

    [Fact]
    public async Task ResponsesSayHowFreshTheyAre()
    {
        var sku = await _http.SeedAsync(Location, 3);

        using var response = await _http.GetAsync(new Uri($"/v1/availability/{Location}/{sku}", UriKind.Relative));

        Assert.Equal("public, max-age=1", response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.Age);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task ABatchQueryAnswersEveryPairInOrderAndListsUnknownOnes()
    {
        var a = await _http.SeedAsync(Location, 1);
        var b = await _http.SeedAsync(Location, 20);

        var (status, body) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/availability/query", new
        {
            items = new[] { new { location = Location, sku = b }, new { location = Location, sku = "never-stocked" }, new { location = Location, sku = a } },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([(b, 20L, "inStock"), (a, 1L, "low")], items.Select(i => (i.Str("sku"), i.Long("available"), i.Str("status"))));
        Assert.Equal("never-stocked", Assert.Single(body.GetProperty("unknown").EnumerateArray()).Str("sku"));
    }

    [Fact]
    public async Task ABatchQueryWithBadItemsIsRefused()
    {
        var empty = await _http.SendJsonAsync(HttpMethod.Post, "/v1/availability/query", new { items = Array.Empty<object>() });
        var bad = await _http.SendJsonAsync(HttpMethod.Post, "/v1/availability/query", new { items = new[] { new { location = Location, sku = "bad sku" } } });
        var tooMany = await _http.SendJsonAsync(HttpMethod.Post, "/v1/availability/query",
            new { items = Enumerable.Range(0, 501).Select(i => new { location = Location, sku = $"s{i}" }) });

        Assert.All([empty, bad, tooMany], r =>
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.Status);
            Assert.Equal("urn:inventory:problem:validation-failed", r.Body.Str("type"));
        });
        Assert.True(bad.Body.GetProperty("errors").TryGetProperty("items[0].sku", out _));
    }
}
