using System.Net;
using Inventory.Channels;
using Inventory.IntegrationTests.Api;
using Inventory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Inventory.IntegrationTests.Channels;

public class ChannelSyncTests(ChannelTestSetup setup, ITestOutputHelper output) : IClassFixture<ChannelTestSetup>
{
    private const string Location = "WH-CH";

    [Fact]
    public async Task AfterABurstOfChangesTheReceiverHoldsEveryPairsChannelQuantityAndNoStaleVersionEverWon()
    {
        var skus = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            skus.Add(await setup.Http.SeedAsync(Location, onHand: 40 + i));
        }

        var refusedBefore = setup.Receiver.Refused.Values.Sum();

        // 1,000 changes over the 100 pairs from 8 concurrent callers: receipts, write-offs and one-unit holds.
        var statuses = new HttpStatusCode[1_000];
        await Parallel.ForAsync(0, 1_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, _) =>
            statuses[n] = await setup.ChangeAsync(Location, skus[(n * 37) % skus.Count], n % 3, n));
        Assert.All(statuses, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"change answered {status}"));

        var started = DateTime.UtcNow;
        await setup.ConvergedAsync(Location, skus, TimeSpan.FromSeconds(60));
        output.WriteLine($"converged {(DateTime.UtcNow - started).TotalMilliseconds:0} ms after the last change; " +
                         $"{setup.Receiver.Accepted} deliveries accepted, {setup.Receiver.View.StaleIgnored} stale items ignored");

        Assert.Empty(setup.Receiver.Regressions);
        Assert.Equal(refusedBefore, setup.Receiver.Refused.Values.Sum());
    }

    [Fact]
    public async Task AReplayedForgedOrTamperedDeliveryIsRefusedByTheReceiverHelper()
    {
        var sku = await setup.Http.SeedAsync(Location, onHand: 20);
        await setup.ConvergedAsync(Location, [sku], TimeSpan.FromSeconds(30));
        var (timestamp, signature, body) = setup.Receiver.LastAccepted!.Value;
        var before = new Dictionary<DeliveryCheck, int>(setup.Receiver.Refused);
        int Refused(DeliveryCheck check) => setup.Receiver.Refused.GetValueOrDefault(check) - before.GetValueOrDefault(check);
        using var receiver = new HttpClient();

        async Task<HttpStatusCode> PostAsync(string ts, string sig, byte[] payload)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, setup.Receiver.Endpoint) { Content = new ByteArrayContent(payload) };
            request.Headers.Add(ChannelHeaders.Timestamp, ts);
            request.Headers.Add(ChannelHeaders.Signature, sig);
            using var response = await receiver.SendAsync(request);
            return response.StatusCode;
        }

        var forgedBody = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(body).Replace("\"quantity\":", "\"quantity\":9", StringComparison.Ordinal));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(timestamp, signature, body));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(timestamp, signature, forgedBody));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(now.ToString(), ChannelSignature.Compute("not-the-channel-secret", now, forgedBody), forgedBody));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync((now - 3_600).ToString(), ChannelSignature.Compute(ChannelTestSetup.Secret, now - 3_600, body), body));

        Assert.Equal((1, 2, 1), (Refused(DeliveryCheck.Replayed), Refused(DeliveryCheck.BadSignature), Refused(DeliveryCheck.Expired)));
    }
}
