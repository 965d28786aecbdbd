using System.Net;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Api;

public class RestartTests
{
    private const string Location = "WH-RESTART";

    [Fact]
    public async Task EverythingAcknowledgedSurvivesARestartOfTheService()
    {
        using var data = new TempDirectory();
        string sku, held, committed, stockBefore;
        using (var first = new InventoryApiFactory(data.Path))
        {
            var http = first.CreateClient();
            sku = await http.SeedAsync(Location, 10);
            var lines = new[] { new { sku, location = Location, quantity = 2 } };
            held = (await http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new { lines, ttlSeconds = 3600 })).Body.Str("id")!;
            committed = (await http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new { lines, ttlSeconds = 3600 })).Body.Str("id")!;
            await http.SendJsonAsync(HttpMethod.Post, $"/v1/reservations/{committed}/commit", new { orderId = "o-restart" });
            await http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{Location}/{sku}/receipts", new { quantity = 5, operationId = "rcv-restart" });
            stockBefore = (await http.StockAsync(Location, sku)).ToString();
        }

        using var second = new InventoryApiFactory(data.Path);
        var again = second.CreateClient();

        Assert.Equal(stockBefore, (await again.StockAsync(Location, sku)).ToString());
        var (_, heldBody) = await again.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{held}");
        var (_, committedBody) = await again.SendJsonAsync(HttpMethod.Get, $"/v1/reservations/{committed}");
        Assert.Equal("held", heldBody.Str("status"));
        Assert.Equal(("committed", "o-restart"), (committedBody.Str("status"), committedBody.Str("orderId")));
        var duplicate = await again.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{Location}/{sku}/receipts", new { quantity = 5, operationId = "rcv-restart" });
        Assert.Equal((HttpStatusCode.OK, "duplicate"), (duplicate.Status, duplicate.Body.Str("outcome")));
    }
}
