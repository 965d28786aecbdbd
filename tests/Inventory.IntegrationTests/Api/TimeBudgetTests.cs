using System.Diagnostics;
using System.Net;
using Inventory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.IntegrationTests.Api;

/// <summary>A cluster that does not answer: checkout gets a quick 503, browsing gets the last known value marked stale.</summary>
public sealed class TimeBudgetTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly StalledGrains _stalled = new();
    private readonly InventoryApiFactory _api;
    private readonly HttpClient _http;

    public TimeBudgetTests()
    {
        _api = new InventoryApiFactory(_data.Path, new()
        {
            ["Inventory:Api:TimeBudgets:Checkout"] = "00:00:00.500",
            ["Inventory:Api:TimeBudgets:Browse"] = "00:00:00.300",
            ["Inventory:Api:TimeBudgets:Feed"] = "00:00:00.500",
            ["Inventory:Api:Cache:Ttl"] = "00:00:00.200",
        }, services: s => s.AddSingleton<IIncomingGrainCallFilter>(_stalled));
        _http = _api.CreateClient();
    }

    public void Dispose()
    {
        _stalled.Dispose();
        _http.Dispose();
        _api.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task ACheckoutCallTheClusterDoesNotAnswerGets503WithRetryAfterWithinTheBudget()
    {
        _stalled.Stall("stalled-reservation");
        var clock = Stopwatch.StartNew();

        using var response = await _http.PostAsync(new Uri("/v1/reservations", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new
        {
            reservationId = "stalled-reservation",
            lines = new[] { new { sku = "SKU1", location = "WH1", quantity = 1 } },
        }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var problem = await ApiClient.ReadAsync(response);
        Assert.Equal("urn:inventory:problem:service-unavailable", problem.GetProperty("type").GetString());
        Assert.Contains("did not answer within 500 ms", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrowsingServesTheLastKnownValueMarkedStaleWhileCheckoutRefuses()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 8);
        var (status, fresh) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/availability/WH1/{sku}");
        Assert.Equal((HttpStatusCode.OK, false), (status, fresh.GetProperty("stale").GetBoolean()));

        _stalled.Stall($"WH1/{sku}");
        var (staleStatus, cacheControl, stale) = await Eventually.MatchesAsync(
            async () =>
            {
                using var response = await _http.GetAsync(new Uri($"/v1/availability/WH1/{sku}", UriKind.Relative));
                return (response.StatusCode, response.Headers.CacheControl?.ToString(), Body: await ApiClient.ReadAsync(response));
            },
            r => r.StatusCode == HttpStatusCode.OK && r.Body.GetProperty("stale").GetBoolean(),
            "the cached value to expire and be served stale");

        Assert.Equal(HttpStatusCode.OK, staleStatus);
        Assert.Equal((8L, 1L), (stale.GetProperty("available").GetInt64(), stale.GetProperty("version").GetInt64()));
        Assert.Equal("no-store", cacheControl);
        var (checkout, _) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations",
            new { lines = new[] { new { sku, location = "WH1", quantity = 1 } } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, checkout);
    }

    [Fact]
    public async Task ACountFileWithAPairTheClusterDoesNotAnswerSays503AndHowManyWereApplied()
    {
        var skus = Enumerable.Range(0, 3).Select(_ => $"SKU-{Guid.NewGuid():N}").ToList();
        _stalled.Stall($"WH1/{skus[1]}");
        var clock = Stopwatch.StartNew();

        using var response = await _http.PostAsync(new Uri("/v1/stock/counts", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new
        {
            asOf = DateTimeOffset.UtcNow,
            counts = skus.Select(sku => new { location = "WH1", sku, onHand = 4 }).ToArray(),
        }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var problem = await ApiClient.ReadAsync(response);
        Assert.Equal("urn:inventory:problem:service-unavailable", problem.Str("type"));
        Assert.Equal((2L, 1L), (problem.Long("applied"), problem.Long("failed")));
        Assert.Equal(4L, (await _http.StockAsync("WH1", skus[0])).Long("onHand"));
        Assert.Equal(4L, (await _http.StockAsync("WH1", skus[2])).Long("onHand"));
    }
}
