using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Inventory.ClusterTests;

[Collection(FailureTests.Name)]
public class CacheTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryApiNodeIncludingOneThatJoinedLaterSeesAChangeInItsCacheAndHonoursIdempotencyKeys()
    {
        // With an hour of TTL, a cached value that changes can only have been pushed.
        await using var cluster = await ProcessCluster.StartAsync("cache", silos: 2, settings: new Dictionary<string, string>
        {
            ["Inventory__Api__Cache__Ttl"] = "01:00:00",
        });
        var sku = (await ClusterChecks.SeedAsync(cluster.Http, pairs: 1, onHand: 100))[0];
        var first = cluster.Http;
        Assert.Equal(1, await VersionAsync(first, sku));
        using var later = await cluster.AddApiAsync();
        Assert.Equal(1, await VersionAsync(later, sku));

        var changedAt = Stopwatch.StartNew();
        using var reserved = await first.PostAsJsonAsync(new Uri("/v1/reservations", UriKind.Relative),
            new { lines = new[] { new { sku, location = ClusterChecks.Location, quantity = 5 } } });
        Assert.Equal(System.Net.HttpStatusCode.Created, reserved.StatusCode);
        var acknowledged = changedAt.Elapsed;

        var seenBy = new Dictionary<string, TimeSpan>();
        foreach (var (name, node) in new[] { ("first", first), ("later", later) })
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (await VersionAsync(node, sku) != 2)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the {name} node never saw the change");
                await Task.Delay(5);
            }

            seenBy[name] = changedAt.Elapsed;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{cluster.ServiceId}] reservation acknowledged after {acknowledged.TotalMilliseconds:0} ms; the first node's cache showed it by {seenBy["first"].TotalMilliseconds:0} ms, the node that joined later by {seenBy["later"].TotalMilliseconds:0} ms (polling every 5 ms)."));

        // An Idempotency-Key is honoured on every node: a retry that lands on the other node gets the first answer.
        var body = new { lines = new[] { new { sku, location = ClusterChecks.Location, quantity = 1 } } };
        var (firstStatus, firstBody, _) = await ReserveAsync(first, body, "cart-42");
        var (retryStatus, retryBody, replayed) = await ReserveAsync(later, body, "cart-42");
        Assert.Equal((System.Net.HttpStatusCode.Created, firstBody), (retryStatus, retryBody));
        Assert.Equal(System.Net.HttpStatusCode.Created, firstStatus);
        Assert.True(replayed);
    }

    private static async Task<(System.Net.HttpStatusCode Status, string Body, bool Replayed)> ReserveAsync(HttpClient api, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/reservations", UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await api.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
    }

    private static async Task<long> VersionAsync(HttpClient api, string sku)
    {
        var body = await api.GetStringAsync(new Uri($"/v1/availability/{ClusterChecks.Location}/{sku}", UriKind.Relative));
        return JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt64();
    }
}
