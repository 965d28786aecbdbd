using System.Net;
using System.Text.Json;
using Inventory.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Inventory.IntegrationTests.Api;

/// <summary>Counts and feeds against the pairs' own clock, driven by a fake one (the API keeps real time).</summary>
public sealed class StockLedgerClockTests : IDisposable
{
    private const string Location = "WH-CLOCK";
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private InventoryApiFactory Api(FakeTimeProvider grainClock) =>
        new(_data.Path, services: s => s.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, grainClock));

    [Fact]
    public async Task ACountTakenBeforeAShipmentButArrivingAfterItKeepsTheShipment()
    {
        // Yesterday, so every time sent is in the past for the API's own clock.
        var day = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-1), TimeSpan.Zero);
        var clock = new FakeTimeProvider(day.AddHours(7));
        await using var api = Api(clock);
        using var http = api.CreateClient();
        var sku = $"SKU-{Guid.NewGuid():N}";
        var url = $"/v1/stock/{Location}/{sku}";
        Assert.Equal(HttpStatusCode.OK, (await http.SendJsonAsync(HttpMethod.Put, url, new { onHand = 10, asOf = day.AddHours(7) })).Status);

        clock.SetUtcNow(day.AddHours(8).AddMinutes(5));
        var (created, reservation) = await http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new
        {
            lines = new[] { new { sku, location = Location, quantity = 1 } },
            ttlSeconds = 300,
        });
        var id = reservation.Str("id");
        var (committed, _) = await http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{id}/commit", new { orderId = "order-0805" });
        var (shipped, _) = await http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{id}/fulfill");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK), (created, committed, shipped));

        clock.SetUtcNow(day.AddHours(8).AddMinutes(10));
        var (counted, count) = await http.SendJsonAsync(HttpMethod.Put, url, new { onHand = 10, asOf = day.AddHours(8) });

        Assert.Equal((HttpStatusCode.OK, "applied"), (counted, count.Str("outcome")));
        var stock = await http.StockAsync(Location, sku);
        Assert.Equal((9L, 0L, 4L), (stock.Long("onHand"), stock.Long("committed"), stock.Long("movementSequence")));
        var (_, page) = await http.SendJsonAsync(HttpMethod.Get, $"{url}/movements");
        var movements = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["count", "commit", "ship", "count"], movements.Select(m => m.Str("kind")));
        Assert.Equal(day.AddHours(8).AddMinutes(5), movements[2].GetProperty("occurredAt").GetDateTimeOffset());
        var late = movements[3];
        Assert.Equal((9L, 0L, 0L), (late.GetProperty("after").Long("onHand"), late.GetProperty("delta").Long("onHand"), late.Long("variance")));
        Assert.Equal((day.AddHours(8), day.AddHours(8).AddMinutes(10)),
            (late.GetProperty("occurredAt").GetDateTimeOffset(), late.GetProperty("recordedAt").GetDateTimeOffset()));
    }

    [Fact]
    public async Task ADateThePairFindsInTheFutureIsAValidationErrorNamingTheFieldAndChangesNothing()
    {
        // The pair's clock runs an hour behind the API's: what the API lets pass, the pair refuses.
        var behind = DateTimeOffset.UtcNow.AddHours(-1);
        var clock = new FakeTimeProvider(behind);
        await using var api = Api(clock);
        using var http = api.CreateClient();
        var sku = $"SKU-{Guid.NewGuid():N}";
        var url = $"/v1/stock/{Location}/{sku}";
        Assert.Equal(HttpStatusCode.OK, (await http.SendJsonAsync(HttpMethod.Put, url, new { onHand = 10, asOf = behind })).Status);
        var before = await http.StockAsync(Location, sku);

        var count = await http.SendJsonAsync(HttpMethod.Put, url, new { onHand = 3, asOf = DateTimeOffset.UtcNow });
        var adjustment = await http.SendJsonAsync(HttpMethod.Post, $"{url}/adjustments", new
        {
            delta = -1, reason = "shrinkage", operationId = "adj-ahead", occurredAt = DateTimeOffset.UtcNow,
        });
        var file = await http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", new
        {
            asOf = DateTimeOffset.UtcNow,
            counts = new[] { new { location = Location, sku, onHand = 3 } },
        });

        Assert.Equal((HttpStatusCode.BadRequest, "asOf"), (count.Status, Field(count.Body)));
        Assert.Equal("urn:inventory:problem:validation-failed", count.Body.Str("type"));
        Assert.Equal((HttpStatusCode.BadRequest, "occurredAt"), (adjustment.Status, Field(adjustment.Body)));
        Assert.Equal((HttpStatusCode.BadRequest, "counts[0].asOf", 0L), (file.Status, Field(file.Body), file.Body.Long("applied")));
        Assert.Equal(before.ToString(), (await http.StockAsync(Location, sku)).ToString());
    }

    private static string Field(JsonElement problem) => Assert.Single(problem.GetProperty("errors").EnumerateObject()).Name;
}
