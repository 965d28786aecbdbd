using System.Net;
using System.Net.Http.Json;

namespace Inventory.ClusterTests;

/// <summary>
/// The checks every failure test ends with must hold on any machine: a faster one acknowledges more reservations,
/// and reading each of them back must not run into the API key's own rate limit.
/// </summary>
[Collection(FailureTests.Name)]
public class ClusterChecksTests
{
    [Fact]
    public async Task ReadingBackMoreReservationsThanTheKeysRateLimitAllowsStillChecksEveryOne()
    {
        const int limit = 5;
        await using var cluster = await ProcessCluster.StartAsync("read-back", silos: 1, settings: new Dictionary<string, string>
        {
            ["Inventory__Api__Auth__DefaultRequestsPerSecond"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var skus = await ClusterChecks.SeedAsync(cluster.Http, pairs: 2, onHand: 1_000);
        var load = new CheckoutLoad(cluster.Http, skus, ClusterChecks.Location);

        // Several times the key's burst (twice its rate) of acknowledged reservations.
        for (var i = 0; i < limit * 6; i++)
        {
            var id = $"read-back-{i}";
            var sku = skus[i % skus.Length];
            using var response = await cluster.Http.PostAsJsonAsync(new Uri("/v1/reservations", UriKind.Relative),
                new { reservationId = id, lines = new[] { new { sku, location = ClusterChecks.Location, quantity = 1 } } });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            load.Reservations[id] = new CheckoutLoad.Acknowledged(id, sku, 1);
        }

        await ClusterChecks.AcknowledgedReservationsAreIntactAsync(cluster.Http, load);
        await ClusterChecks.NothingIsOversoldAsync(cluster.Http, skus, load);
    }
}
