using System.Net;
using System.Text.Json;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Api;

/// <summary>The movement ledger and the shortfall listing as ops read them through the API.</summary>
public class StockLedgerApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Location = "WH-LEDGER";
    private readonly HttpClient _http = api.CreateClient();

    [Fact]
    public async Task AFutureCountIsRefusedNamingAsOfAndNothingChanges()
    {
        var sku = await _http.SeedAsync(Location, 10);
        var before = await _http.StockAsync(Location, sku);
        var url = $"/v1/stock/{Location}/{sku}";

        var count = await _http.SendJsonAsync(HttpMethod.Put, url, new { onHand = 3, asOf = DateTimeOffset.UtcNow.AddHours(1) });
        var file = await _http.SendJsonAsync(HttpMethod.Post, "/v1/stock/counts", new
        {
            counts = new[] { new { location = Location, sku, onHand = 3, asOf = DateTimeOffset.UtcNow.AddMinutes(10) } },
        });
        var receipt = await _http.SendJsonAsync(HttpMethod.Post, $"{url}/receipts", new { quantity = 5, operationId = "rcv-future", occurredAt = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.Equal(HttpStatusCode.BadRequest, count.Status);
        Assert.Equal("urn:inventory:problem:validation-failed", count.Body.Str("type"));
        Assert.Equal(["asOf"], FieldsOf(count.Body));
        Assert.Equal((HttpStatusCode.BadRequest, "counts[0].asOf"), (file.Status, Assert.Single(FieldsOf(file.Body))));
        Assert.Equal((HttpStatusCode.BadRequest, "occurredAt"), (receipt.Status, Assert.Single(FieldsOf(receipt.Body))));
        Assert.Equal(before.ToString(), (await _http.StockAsync(Location, sku)).ToString());
        Assert.Equal([1L], (await MovementsAsync(sku, "")).Items.Select(m => m.Long("sequence")));
    }

    [Fact]
    public async Task AnAdjustmentsReasonNoteAndActorAreInItsMovement()
    {
        var sku = await _http.SeedAsync(Location, 10);
        using var ops = OpsClient();
        var occurredAt = DateTimeOffset.UtcNow.AddMinutes(-30);

        var (status, _) = await ops.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{Location}/{sku}/adjustments", new
        {
            delta = -2, reason = "damaged", note = "Forklift hit the pallet", operationId = "adj-forklift", occurredAt,
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var (items, next) = await MovementsAsync(sku, "?latest=true&limit=1", ops);
        var movement = Assert.Single(items);
        Assert.Equal(2L, next);
        Assert.Equal((2L, "adjustment", "damaged", "Forklift hit the pallet", "adj-forklift", "dev-ops"),
            (movement.Long("sequence"), movement.Str("kind"), movement.Str("reason"), movement.Str("note"), movement.Str("reference"), movement.Str("actor")));
        Assert.Equal((-2L, 0L, 8L, 0L), (Delta(movement, "onHand"), Delta(movement, "committed"), After(movement, "onHand"), After(movement, "committed")));
        Assert.Equal(occurredAt.ToUnixTimeMilliseconds(), movement.GetProperty("occurredAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.True(movement.GetProperty("recordedAt").GetDateTimeOffset() > occurredAt);
        Assert.Equal(JsonValueKind.Null, movement.GetProperty("variance").ValueKind);
        var seed = Assert.Single((await MovementsAsync(sku, "?limit=1")).Items);
        Assert.Equal(("count", "dev-admin"), (seed.Str("kind"), seed.Str("actor")));
    }

    [Fact]
    public async Task ACountRecordsItsVarianceOnItsMovementAndTheStockShowsTheLastSequence()
    {
        var sku = await _http.SeedAsync(Location, 10);

        var (status, _) = await _http.SendJsonAsync(HttpMethod.Put, $"/v1/stock/{Location}/{sku}", new { onHand = 7, asOf = DateTimeOffset.UtcNow });

        Assert.Equal(HttpStatusCode.OK, status);
        var count = Assert.Single((await MovementsAsync(sku, "?latest=true&limit=1")).Items);
        Assert.Equal(("count", -3L, -3L, 7L), (count.Str("kind"), count.Long("variance"), Delta(count, "onHand"), After(count, "onHand")));
        var first = Assert.Single((await MovementsAsync(sku, "?limit=1")).Items);
        Assert.Equal(10L, first.Long("variance"));
        var stock = await _http.StockAsync(Location, sku);
        Assert.Equal((2L, 0L), (stock.Long("movementSequence"), stock.Long("backordered")));
    }

    [Fact]
    public async Task MovementsArePagedBothWaysByPassingNextBackAsAfter()
    {
        var sku = await _http.SeedAsync(Location, 1);
        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{Location}/{sku}/receipts", new { quantity = i, operationId = $"rcv-{i}" })).Status);
        }

        Assert.Equal(
            ["1,2 next 2", "3,4 next 4", "5 next -"],
            await WalkAsync(sku, "limit=2"));
        Assert.Equal(
            ["5,4 next 4", "3,2 next 2", "1 next -"],
            await WalkAsync(sku, "latest=true&limit=2"));
        var all = await MovementsAsync(sku, "");
        Assert.Equal([1L, 2L, 3L, 4L, 5L], all.Items.Select(m => m.Long("sequence")));
        Assert.Null(all.Next);
        Assert.Equal([1L, 2L, 4L, 7L, 11L], all.Items.Select(m => After(m, "onHand")));
        var pastTheEnd = await MovementsAsync(sku, "?after=5");
        Assert.Equal((0, (long?)null), (pastTheEnd.Items.Count, pastTheEnd.Next));
    }

    [Fact]
    public async Task TheMovementsOfAPairNeverWrittenAreNotFound()
    {
        var (status, body) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/stock/{Location}/SKU-NONE-{Guid.NewGuid():N}/movements");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("urn:inventory:problem:stock-not-found", body.Str("type"));
    }

    [Fact]
    public async Task PairsCountedBelowWhatIsHeldOrSoldAreListedAmongTheShortfalls()
    {
        var location = $"WH-SHORT-{Guid.NewGuid():N}"[..24];
        var held = $"A-{Guid.NewGuid():N}";
        var sold = $"B-{Guid.NewGuid():N}";
        var whole = $"C-{Guid.NewGuid():N}";
        foreach (var sku in new[] { held, sold, whole })
        {
            await CountAsync(location, sku, 5);
        }

        await ReserveAsync(location, held, 3);
        await CommitAsync(await ReserveAsync(location, sold, 4));
        await ReserveAsync(location, whole, 1);
        await CountAsync(location, held, 1);
        await CountAsync(location, sold, 1);

        var (status, first) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/stock/shortfalls?location={location}&limit=1");
        var (_, second) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/stock/shortfalls?location={location}&limit=1&after={first.Str("next")}");
        var (_, whole1) = await _http.SendJsonAsync(HttpMethod.Get, $"/v1/stock/shortfalls?location={location}");

        Assert.Equal(HttpStatusCode.OK, status);
        var heldShort = Assert.Single(first.GetProperty("items").EnumerateArray());
        Assert.Equal((held, 2L, 0L, 3L), (heldShort.Str("sku"), heldShort.Long("shortfall"), heldShort.Long("backordered"), heldShort.Long("reserved")));
        Assert.Equal($"{location}/{held}", first.Str("next"));
        var soldShort = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal((sold, 3L, 3L, 4L), (soldShort.Str("sku"), soldShort.Long("shortfall"), soldShort.Long("backordered"), soldShort.Long("committed")));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal([held, sold], whole1.GetProperty("items").EnumerateArray().Select(i => i.Str("sku")));
        Assert.Equal(3L, (await _http.StockAsync(location, sold)).Long("backordered"));
    }

    private HttpClient OpsClient()
    {
        var ops = api.CreateClient();
        ops.DefaultRequestHeaders.Remove("X-Api-Key");
        ops.DefaultRequestHeaders.Add("X-Api-Key", DevelopmentKeys.Ops);
        return ops;
    }

    private async Task<(List<JsonElement> Items, long? Next)> MovementsAsync(string sku, string query, HttpClient? client = null)
    {
        var (status, body) = await (client ?? _http).SendJsonAsync(HttpMethod.Get, $"/v1/stock/{Location}/{sku}/movements{query}");
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
        var next = body.GetProperty("next");
        return ([.. body.GetProperty("items").EnumerateArray()], next.ValueKind == JsonValueKind.Null ? null : next.GetInt64());
    }

    /// <summary>Every page from the first, each followed by passing its next back as after: "1,2 next 2".</summary>
    private async Task<List<string>> WalkAsync(string sku, string query)
    {
        var pages = new List<string>();
        long? after = null;
        do
        {
            var (items, next) = await MovementsAsync(sku, $"?{query}{(after is null ? "" : $"&after={after}")}");
            pages.Add($"{string.Join(",", items.Select(m => m.Long("sequence")))} next {next?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}");
            after = next;
        }
        while (after is not null && pages.Count < 10);

        return pages;
    }

    private async Task CountAsync(string location, string sku, long onHand)
    {
        var (status, body) = await _http.SendJsonAsync(HttpMethod.Put, $"/v1/stock/{location}/{sku}", new { onHand, asOf = DateTimeOffset.UtcNow });
        Assert.True(status == HttpStatusCode.OK && body.Str("outcome") == "applied", $"{(int)status} {body}");
    }

    private async Task<string> ReserveAsync(string location, string sku, int quantity)
    {
        var (status, body) = await _http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new
        {
            lines = new[] { new { sku, location, quantity } },
            ttlSeconds = 600,
        });
        Assert.True(status == HttpStatusCode.Created, $"{(int)status} {body}");
        return body.Str("id")!;
    }

    private async Task CommitAsync(string id)
    {
        var (status, body) = await _http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{id}/commit", new { orderId = $"order-{id}" });
        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {body}");
    }

    private static List<string> FieldsOf(JsonElement problem) => [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)];

    private static long Delta(JsonElement movement, string quantity) => movement.GetProperty("delta").Long(quantity);

    private static long After(JsonElement movement, string quantity) => movement.GetProperty("after").Long(quantity);
}
