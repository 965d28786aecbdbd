using System.Net;
using Inventory.IntegrationTests.Infrastructure;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.IntegrationTests.Api;

/// <summary>A stock pair the cluster cannot reach for a while: checkout answers say exactly what was left behind.</summary>
public sealed class UnreachablePairTests : IDisposable
{
    private const string Location = "WH-API";
    private readonly TempDirectory _data = new();
    private readonly GrainFaults _faults = new();
    private readonly InventoryApiFactory _api;
    private readonly HttpClient _http;

    public UnreachablePairTests()
    {
        _api = new InventoryApiFactory(_data.Path, services: s => s.AddSingleton<IIncomingGrainCallFilter>(_faults));
        _http = _api.CreateClient();
    }

    public void Dispose()
    {
        _http.Dispose();
        _api.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task ACheckoutThatCannotReachOneOfItsPairsAnswers503SayingNothingIsHeldAndTheSameRequestLaterPlacesIt()
    {
        var plenty = await _http.SeedAsync(Location, 10);
        var unreachable = await _http.SeedAsync(Location, 10);
        var request = new
        {
            reservationId = $"co-{Guid.NewGuid():N}",
            lines = new[] { new { sku = plenty, location = Location, quantity = 3 }, new { sku = unreachable, location = Location, quantity = 2 } },
        };
        _faults.Fail(new StockKey(Location, unreachable).ToString(), nameof(IStockGrain.HoldAsync));

        using var response = await _http.PostAsync(new Uri("/v1/reservations", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(request));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var problem = await ApiClient.ReadAsync(response);
        Assert.Equal("urn:inventory:problem:service-unavailable", problem.Str("type"));
        Assert.Equal(
            "A stock pair could not be reached, so the reservation was not placed and nothing is held for it. " +
            "Repeat the request unchanged (same reservation id or Idempotency-Key) to place it.",
            problem.Str("detail"));
        Assert.Equal(0L, (await _http.StockAsync(Location, plenty)).Long("reserved"));

        _faults.Clear(new StockKey(Location, unreachable).ToString());
        var (status, reservation) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", request);

        Assert.Equal((HttpStatusCode.Created, "held"), (status, reservation.Str("status")));
        Assert.Equal((3L, 2L), ((await _http.StockAsync(Location, plenty)).Long("reserved"), (await _http.StockAsync(Location, unreachable)).Long("reserved")));
    }
}
