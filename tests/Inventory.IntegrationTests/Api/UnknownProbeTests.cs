using System.Net;
using Inventory.IntegrationTests.Infrastructure;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Inventory.IntegrationTests.Api;

/// <summary>
/// Probes of pairs and reservations that do not exist are answered without leaving an activation per probe, and a
/// pair that comes into existence is known at once.
/// </summary>
public sealed class UnknownProbeTests : IDisposable
{
    private const string Location = "WH-UP";
    private readonly TempDirectory _data = new();
    private readonly FailingGrainCalls _failing = new();
    private readonly InventoryApiFactory _api;
    private readonly HttpClient _http;

    public UnknownProbeTests()
    {
        // Unknown pairs are remembered far longer than any test: a pair reported known after all can only have been pushed.
        _api = new InventoryApiFactory(_data.Path, new() { ["Inventory:Api:Cache:UnknownTtl"] = "01:00:00" },
            services: s => s.AddSingleton<IIncomingGrainCallFilter>(_failing));
        _http = _api.CreateClient();
    }

    public void Dispose()
    {
        _http.Dispose();
        _api.Dispose();
        _data.Dispose();
    }

    private async Task<int> ActivationsAsync(HashSet<string> grainKeys)
    {
        var management = _api.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics();
        return activations.Count(a => grainKeys.Contains(a.GrainId.Key.ToString()!));
    }

    private Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> QueryAsync(IEnumerable<string> skus) =>
        _http.SendJsonAsync(HttpMethod.Post, "/v1/availability/query", new { items = skus.Select(sku => new { location = Location, sku }).ToArray() });

    [Fact]
    public async Task AQueryOfUnknownPairsAnswersThemUnknownAndLeavesNoStockGrainActivated()
    {
        var skus = Enumerable.Range(0, 100).Select(i => $"never-{i}-{Guid.NewGuid():N}").ToList();
        var grainKeys = skus.Select(sku => new StockKey(Location, sku).ToString()).ToHashSet();

        var (status, body) = await QueryAsync(skus);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body.GetProperty("items").EnumerateArray());
        Assert.Equal(skus, body.GetProperty("unknown").EnumerateArray().Select(u => u.Str("sku")));
        await Eventually.MatchesAsync(() => ActivationsAsync(grainKeys), n => n == 0, "no stock grain of the probed pairs to stay activated");

        // Asked again, they are answered from the node's memory: a call reaching any of their stock grains would fail.
        foreach (var key in grainKeys)
        {
            _failing.Fail(key, nameof(IStockGrain.GetSnapshotAsync));
        }

        var (againStatus, again) = await QueryAsync(skus);
        Assert.Equal(HttpStatusCode.OK, againStatus);
        Assert.Equal(skus, again.GetProperty("unknown").EnumerateArray().Select(u => u.Str("sku")));
    }

    [Fact]
    public async Task APairThatBecomesKnownIsReportedRightAfterItsFirstChange()
    {
        var sku = $"SKU-{Guid.NewGuid():N}";
        var (_, before) = await QueryAsync([sku]);
        Assert.Equal(sku, Assert.Single(before.GetProperty("unknown").EnumerateArray()).Str("sku"));

        var (counted, _) = await _http.SendJsonAsync(HttpMethod.Put, $"/v1/stock/{Location}/{sku}", new { onHand = 4, asOf = DateTimeOffset.UtcNow });

        Assert.Equal(HttpStatusCode.OK, counted);
        var (_, after) = await Eventually.MatchesAsync(() => QueryAsync([sku]), r => r.Body.GetProperty("items").GetArrayLength() == 1,
            "the pair's first change to reach this node");
        Assert.Equal((4L, 1L), (after.GetProperty("items")[0].Long("available"), after.GetProperty("items")[0].Long("version")));
        Assert.Empty(after.GetProperty("unknown").EnumerateArray());
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("POST", "/extend")]
    [InlineData("POST", "/commit")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/fulfill")]
    [InlineData("POST", "/cancel")]
    public async Task ACommandOnAnUnknownReservationIs404AndLeavesNoActivation(string method, string action)
    {
        var id = $"r-{Guid.NewGuid():N}";
        object? body = action switch
        {
            "/extend" => new { ttlSeconds = 60 },
            "/commit" => new { orderId = "order-1" },
            _ => null,
        };

        var (status, problem) = await _http.SendJsonAsync(new HttpMethod(method), $"/v1/reservations/{id}{action}", body);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("urn:inventory:problem:reservation-not-found", problem.Str("type"));
        await Eventually.MatchesAsync(() => ActivationsAsync(new HashSet<string> { id }), n => n == 0, "the probed reservation not to stay activated");
    }
}
