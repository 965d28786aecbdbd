using System.Net;
using System.Text.Json;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Api;

public class CheckoutApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Location = "WH-API";
    private readonly HttpClient _http = api.CreateClient();

    [Fact]
    public async Task ACheckoutHoldsCommitsAndShipsThroughTheApi()
    {
        var sku = await _http.SeedAsync(Location, 10);

        var (created, reservation) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new
        {
            reservationId = $"co-{Guid.NewGuid():N}",
            lines = new[] { new { sku, location = Location, quantity = 3 } },
            ttlSeconds = 300,
        });
        var id = reservation.Str("id")!;
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("held", reservation.Str("status"));
        Assert.Equal(3, reservation.GetProperty("lines")[0].Long("quantity"));
        Assert.True(reservation.GetProperty("expiresAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(250));

        // The browse path is a pushed cache: it catches up with the hold within milliseconds, not synchronously.
        var (_, availability) = await Eventually.MatchesAsync(
            () => _http.SendJsonAsync(HttpMethod.Get, $"/v1/availability/{Location}/{sku}"),
            r => r.Status == HttpStatusCode.OK && r.Body.Long("available") == 7,
            "the availability cache to show the hold");
        Assert.Equal("inStock", availability.Str("status"));

        var (extended, _) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{id}/extend", new { ttlSeconds = 600 });
        var (committed, commit) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{id}/commit", new { orderId = "order-1001" });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (extended, committed));
        Assert.Equal(("committed", "order-1001"), (commit.Str("status"), commit.Str("orderId")));
        var afterCommit = await _http.StockAsync(Location, sku);
        Assert.Equal((0L, 3L, 7L), (afterCommit.Long("reserved"), afterCommit.Long("committed"), afterCommit.Long("available")));

        var (fulfilled, fulfil) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{id}/fulfill");
        Assert.Equal((HttpStatusCode.OK, "fulfilled"), (fulfilled, fulfil.Str("status")));
        var shipped = await _http.StockAsync(Location, sku);
        Assert.Equal((7L, 0L, 7L), (shipped.Long("onHand"), shipped.Long("committed"), shipped.Long("available")));

        var (fetched, fetchedBody) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{id}");
        Assert.Equal((HttpStatusCode.OK, "fulfilled"), (fetched, fetchedBody.Str("status")));
    }

    [Fact]
    public async Task FiveHundredConcurrentOneUnitReservationsOnAHundredUnitsSellExactlyAHundred()
    {
        var sku = await _http.SeedAsync(Location, 100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new
        {
            lines = new[] { new { sku, location = Location, quantity = 1 } },
            ttlSeconds = 600,
        })));

        Assert.Equal(100, responses.Count(r => r.Status == HttpStatusCode.Created));
        var refused = responses.Where(r => r.Status != HttpStatusCode.Created).ToList();
        Assert.Equal(400, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("urn:inventory:problem:insufficient-stock", r.Body.Str("type"));
        });
        var stock = await _http.StockAsync(Location, sku);
        Assert.Equal((100L, 100L, 0L, 0L), (stock.Long("onHand"), stock.Long("reserved"), stock.Long("committed"), stock.Long("available")));
        Assert.Equal(0, stock.Long("shortfall"));
    }

    [Fact]
    public async Task AShortLineIsListedAndNothingIsHeld()
    {
        var plenty = await _http.SeedAsync(Location, 10);
        var scarce = await _http.SeedAsync(Location, 1);

        var (status, problem) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new
        {
            lines = new[]
            {
                new { sku = plenty, location = Location, quantity = 2 },
                new { sku = scarce, location = Location, quantity = 5 },
            },
        });

        Assert.Equal(HttpStatusCode.Conflict, status);
        var shortfall = Assert.Single(problem.GetProperty("shortfalls").EnumerateArray());
        Assert.Equal((scarce, 5L, 1L), (shortfall.Str("sku"), shortfall.Long("requested"), shortfall.Long("available")));
        Assert.Equal(0, (await _http.StockAsync(Location, plenty)).Long("reserved"));
        Assert.Equal(0, (await _http.StockAsync(Location, scarce)).Long("reserved"));
    }

    [Fact]
    public async Task ACommitIntoAShortfallIsRefusedWhileAnOlderHoldCommits()
    {
        var sku = await _http.SeedAsync(Location, 10);
        var older = await ReserveAsync((sku, 6));
        var newer = await ReserveAsync((sku, 4));
        await CountAsync(sku, 7);

        var (refused, problem) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{newer}/commit", new { orderId = "o-newer" });
        var (committed, _) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{older}/commit", new { orderId = "o-older" });

        Assert.Equal((HttpStatusCode.Conflict, "urn:inventory:problem:insufficient-stock"), (refused, problem.Str("type")));
        var shortfall = Assert.Single(problem.GetProperty("shortfalls").EnumerateArray());
        Assert.Equal((sku, Location, 4L), (shortfall.Str("sku"), shortfall.Str("location"), shortfall.Long("requested")));
        Assert.Contains($"SKU '{sku}' at '{Location}' (4 held) is short", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Contains("Nothing was committed", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, committed);
        var (_, reservation) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{newer}");
        Assert.Equal("held", reservation.Str("status"));
        var stock = await _http.StockAsync(Location, sku);
        Assert.Equal((7L, 4L, 6L), (stock.Long("onHand"), stock.Long("reserved"), stock.Long("committed")));
    }

    [Fact]
    public async Task AReceiptHealsTheShortHold()
    {
        var sku = await _http.SeedAsync(Location, 10);
        await ReserveAsync((sku, 6));
        var newer = await ReserveAsync((sku, 4));
        await CountAsync(sku, 7);
        var (refused, _) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{newer}/commit", new { orderId = "o-short" });

        var (received, _) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{Location}/{sku}/receipts", new { quantity = 3, operationId = $"rcv-{newer}" });
        var (committed, body) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{newer}/commit", new { orderId = "o-healed" });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.OK), (refused, received));
        Assert.Equal((HttpStatusCode.OK, "committed", "o-healed"), (committed, body.Str("status"), body.Str("orderId")));
        var stock = await _http.StockAsync(Location, sku);
        Assert.Equal((10L, 6L, 4L, 0L), (stock.Long("onHand"), stock.Long("reserved"), stock.Long("committed"), stock.Long("shortfall")));
    }

    [Fact]
    public async Task AMultiLineReservationWithAShortLineCommitsNothing()
    {
        var plenty = await _http.SeedAsync(Location, 10);
        var scarce = await _http.SeedAsync(Location, 5);
        await ReserveAsync((scarce, 3));
        var multi = await ReserveAsync((plenty, 2), (scarce, 2));
        await CountAsync(scarce, 4);

        var (refused, problem) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{multi}/commit", new { orderId = "o-multi" });

        Assert.Equal((HttpStatusCode.Conflict, "urn:inventory:problem:insufficient-stock"), (refused, problem.Str("type")));
        Assert.Equal(scarce, Assert.Single(problem.GetProperty("shortfalls").EnumerateArray()).Str("sku"));
        var other = await _http.StockAsync(Location, plenty);
        Assert.Equal((0L, 2L), (other.Long("committed"), other.Long("reserved")));
        var (_, reservation) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{multi}");
        Assert.Equal(("held", JsonValueKind.Null), (reservation.Str("status"), reservation.GetProperty("orderId").ValueKind));
    }

    [Fact]
    public async Task GetShowsShortOnTheLine()
    {
        var plenty = await _http.SeedAsync(Location, 10);
        var scarce = await _http.SeedAsync(Location, 5);
        var older = await ReserveAsync((scarce, 3));
        var multi = await ReserveAsync((plenty, 2), (scarce, 2));
        await CountAsync(scarce, 4);

        var (status, reservation) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{multi}");
        var (_, whole) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{older}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([(plenty, false), (scarce, true)], Lines(reservation));
        Assert.Equal([(scarce, false)], Lines(whole));
    }

    [Fact]
    public async Task AnExtensionOfAShortHoldIsRefusedNamingTheLineAndKeepsItsExpiry()
    {
        var sku = await _http.SeedAsync(Location, 5);
        await ReserveAsync((sku, 3));
        var newer = await ReserveAsync((sku, 2));
        var (_, before) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{newer}");
        await CountAsync(sku, 4);

        var (refused, problem) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{newer}/extend", new { ttlSeconds = 1800 });

        Assert.Equal((HttpStatusCode.Conflict, "urn:inventory:problem:insufficient-stock"), (refused, problem.Str("type")));
        Assert.Equal(sku, Assert.Single(problem.GetProperty("shortfalls").EnumerateArray()).Str("sku"));
        Assert.Contains("was not extended", problem.Str("detail"), StringComparison.Ordinal);
        var (_, after) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{newer}");
        Assert.Equal(("held", before.Str("expiresAt")), (after.Str("status"), after.Str("expiresAt")));
    }

    [Fact]
    public async Task TheSameReservationIdSentTwiceHoldsOnce()
    {
        var sku = await _http.SeedAsync(Location, 10);
        var request = new { reservationId = $"dup-{Guid.NewGuid():N}", lines = new[] { new { sku, location = Location, quantity = 4 } } };

        var first = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", request);
        var second = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", request);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.Status, second.Status));
        Assert.Equal(first.Body.Str("expiresAt"), second.Body.Str("expiresAt"));
        Assert.Equal(4, (await _http.StockAsync(Location, sku)).Long("reserved"));
    }

    [Fact]
    public async Task FeedsAreIdempotentAndOlderCountsAreIgnored()
    {
        var sku = await _http.SeedAsync(Location, 10);
        var url = $"/v1/stock/{Location}/{sku}";

        var received = await _http.SendJsonAsync(HttpMethod.Post, $"{url}/receipts", new { quantity = 5, operationId = "rcv-1" });
        var receivedAgain = await _http.SendJsonAsync(HttpMethod.Post, $"{url}/receipts", new { quantity = 5, operationId = "rcv-1" });
        var returned = await _http.SendJsonAsync(HttpMethod.Post, $"{url}/returns", new { quantity = 2, restock = false, operationId = "ret-1" });
        var adjusted = await _http.SendJsonAsync(HttpMethod.Post, $"{url}/adjustments", new { delta = -1, reason = "damaged", operationId = "adj-1" });
        var stale = await _http.SendJsonAsync(HttpMethod.Put, url, new { onHand = 1, asOf = DateTimeOffset.UtcNow.AddDays(-1) });

        Assert.Equal(("applied", "duplicate"), (received.Body.Str("outcome"), receivedAgain.Body.Str("outcome")));
        Assert.Equal(("applied", "applied", "stale"), (returned.Body.Str("outcome"), adjusted.Body.Str("outcome"), stale.Body.Str("outcome")));
        var stock = await _http.StockAsync(Location, sku);
        Assert.Equal((14L, 2L, 1L, 1L), (stock.Long("onHand"), stock.Long("damaged"), stock.Long("duplicatesIgnored"), stock.Long("staleCountsIgnored")));
    }

    [Fact]
    public async Task AnAdjustmentBelowZeroIsAConflictAndChangesNothing()
    {
        var sku = await _http.SeedAsync(Location, 2);

        var (status, problem) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{Location}/{sku}/adjustments",
            new { delta = -3, reason = "shrinkage", operationId = "adj-neg" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("urn:inventory:problem:insufficient-on-hand", problem.Str("type"));
        Assert.Equal(2, (await _http.StockAsync(Location, sku)).Long("onHand"));
    }

    [Fact]
    public async Task ReleaseAndCancelReturnUnitsToAvailable()
    {
        var sku = await _http.SeedAsync(Location, 5);
        var lines = new[] { new { sku, location = Location, quantity = 2 } };
        var (_, released) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new { lines });
        var (_, cancelled) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new { lines });

        var release = await _http.SendJsonAsync(HttpMethod.Delete, $"/v1/reservations/{released.Str("id")}");
        await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{cancelled.Str("id")}/commit", new { orderId = "o-77" });
        var cancel = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{cancelled.Str("id")}/cancel");

        Assert.Equal((HttpStatusCode.OK, "released"), (release.Status, release.Body.Str("status")));
        Assert.Equal((HttpStatusCode.OK, "cancelled"), (cancel.Status, cancel.Body.Str("status")));
        var stock = await _http.StockAsync(Location, sku);
        Assert.Equal((0L, 0L, 5L), (stock.Long("reserved"), stock.Long("committed"), stock.Long("available")));
    }

    [Fact]
    public async Task UnknownThingsAreNotFoundProblems()
    {
        var stock = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/stock/{Location}/never-seen");
        var availability = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/availability/{Location}/never-seen");
        var reservation = await _http.SendJsonAsync(HttpMethod.Get, "/v1/reservations/never-seen");
        var commit = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations/never-seen/commit", new { orderId = "o" });

        Assert.Equal("urn:inventory:problem:stock-not-found", stock.Body.Str("type"));
        Assert.Equal("urn:inventory:problem:stock-not-found", availability.Body.Str("type"));
        Assert.Equal("urn:inventory:problem:reservation-not-found", reservation.Body.Str("type"));
        Assert.Equal("urn:inventory:problem:reservation-not-found", commit.Body.Str("type"));
        Assert.All([stock.Status, availability.Status, reservation.Status, commit.Status], s => Assert.Equal(HttpStatusCode.NotFound, s));
    }

    /// <summary>Holds the lines (sku, quantity) at <see cref="Location"/>, one reservation; its id.</summary>
    private async Task<string> ReserveAsync(params (string Sku, int Quantity)[] lines)
    {
        var (status, reservation) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new
        {
            lines = lines.Select(l => new { sku = l.Sku, location = Location, quantity = l.Quantity }).ToArray(),
            ttlSeconds = 600,
        });
        Assert.Equal(HttpStatusCode.Created, status);
        return reservation.Str("id")!;
    }

    /// <summary>A count as of now, later than the pair's last: its onHand drops (or rises) to <paramref name="onHand"/>.</summary>
    private async Task CountAsync(string sku, long onHand)
    {
        var (status, body) = await _http.SendJsonAsync(HttpMethod.Put, $"/v1/stock/{Location}/{sku}", new { onHand, asOf = DateTimeOffset.UtcNow });
        Assert.Equal((HttpStatusCode.OK, "applied"), (status, body.Str("outcome")));
    }

    private static List<(string?, bool)> Lines(JsonElement reservation) =>
        [.. reservation.GetProperty("lines").EnumerateArray().Select(l => (l.Str("sku"), l.GetProperty("short").GetBoolean()))];

    [Fact]
    public async Task TheDashboardIsServed()
    {
        using var response = await _http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
