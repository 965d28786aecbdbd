using System.Net;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Api;

public class BulkCountApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Location = "WH-BULK";
    private readonly HttpClient _http = api.Factory.CreateClient();

    private static object Count(string sku, long onHand, DateTimeOffset? asOf = null) => new { location = Location, sku, onHand, asOf };

    [Fact]
    public async Task ACountFileSetsEveryPairAndAnswersEachInOrder()
    {
        var known = await _http.SeedAsync(Location, 5);
        var fresh = Enumerable.Range(0, 299).Select(_ => $"SKU-{Guid.NewGuid():N}").ToList();
        var asOf = DateTimeOffset.UtcNow.AddSeconds(1);
        object[] counts = [Count(known, 42), .. fresh.Select((sku, i) => Count(sku, i))];

        var (status, body) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", new { asOf, counts });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((300L, 0L), (body.Long("applied"), body.Long("ignored")));
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([known, .. fresh], results.Select(r => r.Str("sku")));
        Assert.All(results, r => Assert.Equal("applied", r.Str("outcome")));
        Assert.Equal((42L, 2L), await StoredAsync(known));
        Assert.Equal((298L, 1L), await StoredAsync(fresh[^1]));
    }

    [Fact]
    public async Task ARepeatedCountFileChangesNothingTwice()
    {
        var skus = Enumerable.Range(0, 20).Select(_ => $"SKU-{Guid.NewGuid():N}").ToList();
        var request = new { asOf = DateTimeOffset.UtcNow, counts = skus.Select(sku => Count(sku, 7)).ToArray() };
        await _http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", request);

        var (status, body) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((0L, 20L), (body.Long("applied"), body.Long("ignored")));
        Assert.All(body.GetProperty("results").EnumerateArray(), r => Assert.Equal(("stale", 1L), (r.Str("outcome"), r.Long("version"))));
        Assert.Equal((7L, 1L), await StoredAsync(skus[0]));
    }

    [Fact]
    public async Task ACountGivesItsOwnAsOfAndAnOlderOneIsIgnored()
    {
        var sku = await _http.SeedAsync(Location, 5);
        var other = $"SKU-{Guid.NewGuid():N}";

        var (_, body) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", new
        {
            counts = new[] { Count(sku, 9, DateTimeOffset.UtcNow.AddHours(-1)), Count(other, 3, DateTimeOffset.UtcNow) },
        });

        Assert.Equal((1L, 1L), (body.Long("applied"), body.Long("ignored")));
        Assert.Equal("stale", body.GetProperty("results")[0].Str("outcome"));
        Assert.Equal(5L, (await StoredAsync(sku)).OnHand);
    }

    [Fact]
    public async Task OneBadCountChangesNothingAndEveryProblemIsNamed()
    {
        var first = $"SKU-{Guid.NewGuid():N}";
        var twice = $"SKU-{Guid.NewGuid():N}";
        var (status, body) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", new
        {
            asOf = DateTimeOffset.UtcNow,
            counts = new object?[]
            {
                Count(first, 1), Count(twice, 2), Count(twice, 3), new { location = Location, sku = "bad sku", onHand = -1 }, null,
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("urn:inventory:problem:validation-failed", body.Str("type"));
        var errors = body.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.Equal(["counts[2]", "counts[3].sku", "counts[3].onHand", "counts[4].location", "counts[4].sku", "counts[4].onHand"], errors);
        var (missing, _) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/stock/{Location}/{first}");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task AFileMustHoldOneToAThousandCounts()
    {
        var none = await _http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", new { asOf = DateTimeOffset.UtcNow, counts = Array.Empty<object>() });
        var tooMany = await _http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", new
        {
            asOf = DateTimeOffset.UtcNow,
            counts = Enumerable.Range(0, 1_001).Select(i => new { location = "W", sku = $"S{i}", onHand = 1 }).ToArray(),
        });

        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.True(tooMany.Body.GetProperty("errors").TryGetProperty("counts", out _));
    }

    private async Task<(long OnHand, long Version)> StoredAsync(string sku)
    {
        var stock = await _http.StockAsync(Location, sku);
        return (stock.Long("onHand"), stock.Long("version"));
    }
}
