using System.Net;
using Inventory.IntegrationTests.Api;
using Inventory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Inventory.IntegrationTests.Channels;

public class ChannelOutageTests(ChannelTestSetup setup, ITestOutputHelper output) : IClassFixture<ChannelTestSetup>
{
    private const string Location = "WH-OUT";

    [Fact]
    public async Task WhileTheReceiverIsDownUpdatesAreRetriedThenParkedAndOnceItIsBackEverythingArrives()
    {
        var skus = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            skus.Add(await setup.Http.SeedAsync(Location, onHand: 60));
        }

        await setup.ConvergedAsync(Location, skus, TimeSpan.FromSeconds(30));
        await setup.Receiver.StopAsync();

        for (var n = 0; n < 300; n++)
        {
            Assert.True(await setup.ChangeAsync(Location, skus[n % skus.Count], n % 3, n) is HttpStatusCode.OK or HttpStatusCode.Created);
        }

        // Parked updates are visible to ops while the channel is down.
        var down = await Eventually.MatchesAsync(
            () => setup.Http.SendJsonAsync(HttpMethod.Get, $"/v1/channels/{ChannelTestSetup.Channel}"),
            r => r.Body.GetProperty("parkedCount").GetInt32() > 0,
            "updates to be parked while the receiver is down",
            TimeSpan.FromSeconds(60));
        output.WriteLine($"while down: {down.Body}");
        Assert.True(down.Body.GetProperty("failedDeliveries").GetInt64() > 0);
        Assert.False(string.IsNullOrEmpty(down.Body.GetProperty("lastError").GetString()));
        Assert.NotEmpty(down.Body.GetProperty("parked").EnumerateArray());

        await setup.Receiver.StartAsync();
        var started = DateTime.UtcNow;
        await setup.ConvergedAsync(Location, skus, TimeSpan.FromSeconds(60));
        output.WriteLine($"converged {(DateTime.UtcNow - started).TotalMilliseconds:0} ms after the receiver came back");

        var after = await Eventually.MatchesAsync(
            () => setup.Http.SendJsonAsync(HttpMethod.Get, $"/v1/channels/{ChannelTestSetup.Channel}"),
            r => r.Body.GetProperty("parkedCount").GetInt32() == 0 && r.Body.GetProperty("queueDepth").GetInt32() == 0,
            "the parked updates to be delivered and leave the dead-letter list",
            TimeSpan.FromSeconds(30));
        output.WriteLine($"after: {after.Body}");
        Assert.True(after.Body.GetProperty("parkedTotal").GetInt64() > 0);
        Assert.Empty(setup.Receiver.Regressions);
    }

    [Fact]
    public async Task AdminEndpointsListTheChannelAndResyncComparesEveryStoredPair()
    {
        var sku = await setup.Http.SeedAsync(Location, onHand: 9);
        await setup.ConvergedAsync(Location, [sku], TimeSpan.FromSeconds(30));

        var (listStatus, list) = await setup.Http.SendJsonAsync(HttpMethod.Get, "/v1/channels");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        var channel = Assert.Single(list.GetProperty("channels").EnumerateArray());
        Assert.Equal(ChannelTestSetup.Channel, channel.GetProperty("name").GetString());
        Assert.Equal(setup.Receiver.Endpoint.ToString(), channel.GetProperty("endpoint").GetString());

        var (resyncStatus, resync) = await setup.Http.SendJsonAsync(HttpMethod.Post, $"/v1/channels/{ChannelTestSetup.Channel}/resync");
        Assert.Equal(HttpStatusCode.OK, resyncStatus);
        Assert.True(resync.GetProperty("pairsScanned").GetInt32() >= 1);

        var (missing, problem) = await setup.Http.SendJsonAsync(HttpMethod.Get, "/v1/channels/no-such-channel");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal("urn:inventory:problem:channel-not-found", problem.GetProperty("type").GetString());
        var (missingResync, _) = await setup.Http.SendJsonAsync(HttpMethod.Post, "/v1/channels/no-such-channel/resync");
        Assert.Equal(HttpStatusCode.NotFound, missingResync);
    }
}
