using System.Net;
using Inventory.ToolTests.Infrastructure;

namespace Inventory.ToolTests.Cli;

/// <summary><c>stock show</c>, <c>reservations show</c> and <c>channels</c> of the built tool against the real API process.</summary>
[Collection(ServiceCollection.Name)]
public sealed class CommandsAgainstServiceTests(ServiceFixture service)
{
    private const string Location = "WH-CLI";

    [Fact]
    public async Task StockShowPrintsEveryQuantityOfThePairAsATableOrAsJson()
    {
        var sku = await SeedAsync(onHand: 12, safetyStock: 2);

        var table = await service.RunAsync(DevelopmentKeys.Ops, "stock", "show", Location, sku);
        var json = await service.RunAsync(DevelopmentKeys.Ops, "stock", "show", Location, sku, "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains($"SKU {sku} at {Location}", table.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"│ onHand\s+│ 12\s+│", table.Stdout);
        Assert.Matches(@"│ available\s+│ 10\s+│", table.Stdout);
        Assert.Matches(@"│ status\s+│ inStock\s+│", table.Stdout);
        Assert.DoesNotContain("\u001b[", table.Stdout, StringComparison.Ordinal);
        Assert.True(json.ExitCode == 0, json.ToString());
        var stock = HttpJson.ParseJson(json.Stdout);
        Assert.Equal((Location, sku, 12L, 2L, 10L, 1L), (stock.Str("location"), stock.Str("sku"), stock.Long("onHand"), stock.Long("safetyStock"), stock.Long("available"), stock.Long("version")));
        Assert.Equal("", json.Stderr);
    }

    [Fact]
    public async Task MovementsPrintsAPageOfTheLedgerAndTheCommandForTheNext()
    {
        var sku = await SeedAsync(onHand: 10);
        using var ops = service.Api.CreateClient(DevelopmentKeys.Ops);
        var (adjusted, _) = await ops.SendJsonAsync(HttpMethod.Post, $"v1/stock/{Location}/{sku}/adjustments",
            new { delta = -3, reason = "damaged", note = "Water damage", operationId = "adj-cli" });
        Assert.Equal(HttpStatusCode.OK, adjusted);
        var (received, _) = await ops.SendJsonAsync(HttpMethod.Post, $"v1/stock/{Location}/{sku}/receipts", new { quantity = 5, operationId = "rcv-cli" });
        Assert.Equal(HttpStatusCode.OK, received);

        var first = await service.RunAsync(DevelopmentKeys.Ops, "movements", Location, sku, "--limit", "2");
        var rest = await service.RunAsync(DevelopmentKeys.Ops, "movements", Location, sku, "--limit", "2", "--after", "2");
        var latest = await service.RunAsync(DevelopmentKeys.Ops, "movements", Location, sku, "--latest", "--limit", "1", "--json");
        var unknown = await service.RunAsync(DevelopmentKeys.Ops, "movements", Location, $"CLI-NONE-{Guid.NewGuid():N}");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Movements of SKU {sku} at {Location}", first.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"│ 1\s+│ count\s+│ 10 \(\+10\)\s+│ 0\s+│", first.Stdout);
        Assert.Matches(@"│ 2\s+│ adjustment\s+│ 7 \(-3\)\s+│ 0\s+│ 0\s+│ 0\s+│ damaged\s+│ Water damage\s+│ adj-cli\s+│ dev-ops\s+│", first.Stdout);
        Assert.Contains($"More: inventory movements {Location} {sku} --after 2 --limit 2", first.Stdout, StringComparison.Ordinal);
        Assert.True(rest.ExitCode == 0, rest.ToString());
        Assert.Matches(@"│ 3\s+│ receipt\s+│ 12 \(\+5\)\s+│", rest.Stdout);
        Assert.DoesNotContain("More:", rest.Stdout, StringComparison.Ordinal);
        Assert.True(latest.ExitCode == 0, latest.ToString());
        var page = HttpJson.ParseJson(latest.Stdout);
        var newest = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal((3L, "receipt", "rcv-cli", 3L), (newest.Long("sequence"), newest.Str("kind"), newest.Str("reference"), page.Long("next")));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("[stock-not-found, HTTP 404]", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPairEndsWithOneAndTheProblemOnOneLine()
    {
        var sku = $"CLI-NONE-{Guid.NewGuid():N}";

        var result = await service.RunAsync(DevelopmentKeys.Ops, "stock", "show", Location, sku);
        var json = await service.RunAsync(DevelopmentKeys.Ops, "stock", "show", Location, sku, "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"inventory: Unknown stock pair: No stock is recorded for SKU '{sku}' at location '{Location}' [stock-not-found, HTTP 404]\n",
            result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.Equal(1, json.ExitCode);
        var error = HttpJson.ParseJson(json.Stdout);
        Assert.Equal((1L, "stock-not-found"), (error.Long("exitCode"), error.Str("problem")));
        Assert.Equal("urn:inventory:problem:stock-not-found", error.GetProperty("problemDetails").Str("type"));
    }

    [Fact]
    public async Task ReservationsShowPrintsTheReservationAndItsLines()
    {
        var sku = await SeedAsync(onHand: 5);
        var id = $"cli-{Guid.NewGuid():N}";
        using var storefront = service.Api.CreateClient(DevelopmentKeys.Storefront);
        var (created, reservation) = await storefront.SendJsonAsync(HttpMethod.Post, "v1/reservations", new
        {
            reservationId = id,
            lines = new[] { new { sku, location = Location, quantity = 2 } },
        });
        Assert.Equal(HttpStatusCode.Created, created);

        var table = await service.RunAsync(DevelopmentKeys.Storefront, "reservations", "show", id);
        var json = await service.RunAsync(DevelopmentKeys.Storefront, "reservations", "show", id, "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"│ status\s+│ held\s+│", table.Stdout);
        Assert.Matches($@"│ {Location}\s+│ {sku}\s+│ 2\s+│", table.Stdout);
        Assert.True(json.ExitCode == 0, json.ToString());
        var shown = HttpJson.ParseJson(json.Stdout);
        Assert.Equal((id, "held", reservation.Str("expiresAt")), (shown.Str("id"), shown.Str("status"), shown.Str("expiresAt")));
        var line = Assert.Single(shown.GetProperty("lines").EnumerateArray());
        Assert.Equal((sku, Location, 2L), (line.Str("sku"), line.Str("location"), line.Long("quantity")));

        var unknown = await service.RunAsync(DevelopmentKeys.Storefront, "reservations", "show", $"cli-none-{Guid.NewGuid():N}");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("[reservation-not-found, HTTP 404]", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelsListsEveryChannelAndShowsOneWithItsState()
    {
        var list = await service.RunAsync(DevelopmentKeys.Admin, "channels");
        var json = await service.RunAsync(DevelopmentKeys.Admin, "channels", "--json");
        var one = await service.RunAsync(DevelopmentKeys.Admin, "channels", ServiceFixture.Channel, "--json");
        var table = await service.RunAsync(DevelopmentKeys.Admin, "channels", ServiceFixture.Channel);
        var unknown = await service.RunAsync(DevelopmentKeys.Admin, "channels", "no-such-channel");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"│ Channel\s+│ Queue\s+│ In flight\s+│ Lag ms\s+│ Deliveries\s+│", list.Stdout);
        Assert.Matches($@"│ {ServiceFixture.Channel}\s+│", list.Stdout);
        Assert.True(json.ExitCode == 0, json.ToString());
        var channel = Assert.Single(HttpJson.ParseJson(json.Stdout).GetProperty("channels").EnumerateArray());
        Assert.Equal(ServiceFixture.Channel, channel.Str("name"));
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Equal(ServiceFixture.Channel, HttpJson.ParseJson(one.Stdout).Str("name"));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"│ parkedCount\s+│ 0\s+│", table.Stdout);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("[channel-not-found, HTTP 404]", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyTheServiceRefusesEndsWithTheAuthenticationCode()
    {
        var sku = await SeedAsync(onHand: 1);

        var unknown = await service.RunAsync(DevelopmentKeys.Ops, "stock", "show", Location, sku, "--api-key", "not-a-key");
        var withoutRole = await service.RunAsync(DevelopmentKeys.Ops, "channels");
        var json = await service.RunAsync("not-a-key", "stock", "show", Location, sku, "--json");
        var csv = Path.Combine(Path.GetTempPath(), $"inventory-tools-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, $"location,sku,onHand,asOf\n{Location},{sku},9,2026-11-24T08:00:00Z\n");
        var import = await service.RunAsync(DevelopmentKeys.Storefront, "counts", "import", csv, "--no-journal");
        File.Delete(csv);

        Assert.Equal(4, unknown.ExitCode);
        Assert.Equal("inventory: Authentication required: The API key is not valid [unauthorized, HTTP 401]\n", unknown.Stderr);
        Assert.Equal(4, withoutRole.ExitCode);
        Assert.Contains("[forbidden, HTTP 403]", withoutRole.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, json.ExitCode);
        Assert.Equal((4L, "unauthorized"), (HttpJson.ParseJson(json.Stdout).Long("exitCode"), HttpJson.ParseJson(json.Stdout).Str("problem")));
        Assert.Equal(4, import.ExitCode);
        Assert.Contains("import stopped: Not allowed", import.Stderr, StringComparison.Ordinal);
        var (_, stock) = await service.Admin.SendJsonAsync(HttpMethod.Get, $"v1/stock/{Location}/{sku}");
        Assert.Equal(1L, stock.Long("onHand"));
    }

    private async Task<string> SeedAsync(long onHand, long? safetyStock = null)
    {
        var sku = $"CLI-{Guid.NewGuid():N}";
        var (status, _) = await service.Admin.SendJsonAsync(HttpMethod.Put, $"v1/stock/{Location}/{sku}", new { onHand, safetyStock, asOf = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.OK, status);
        return sku;
    }
}
