using System.Globalization;
using System.Net;
using Inventory.Channels;
using Inventory.IntegrationTests.Api;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Channels;

/// <summary>An API node (co-hosted silo) with one sales channel that delivers to a real receiver on loopback.</summary>
public sealed class ChannelTestSetup : IAsyncLifetime
{
    public const string Channel = "marketplace";
    public const string Secret = "integration-test-secret-0001";

    /// <summary>The channel's rules in the tests: keep 2 back, publish 80 %, nothing below 3, at most 50.</summary>
    public static readonly ChannelRules Rules = new() { KeepBack = 2, Percent = 80, MinimumShown = 3, MaxShown = 50 };

    private readonly TempDirectory _data = new();

    public ChannelTestSetup()
    {
        Receiver = new ChannelReceiverServer(Secret);
        var channel = $"Inventory:Channels:{Channel}:";
        Api = new InventoryApiFactory(_data.Path, new()
        {
            [channel + "Endpoint"] = Receiver.Endpoint.ToString(),
            [channel + "Secret"] = Secret,
            [channel + "Rules:KeepBack"] = Rules.KeepBack.ToString(CultureInfo.InvariantCulture),
            [channel + "Rules:Percent"] = Rules.Percent.ToString(CultureInfo.InvariantCulture),
            [channel + "Rules:MinimumShown"] = Rules.MinimumShown.ToString(CultureInfo.InvariantCulture),
            [channel + "Rules:MaxShown"] = Rules.MaxShown!.Value.ToString(CultureInfo.InvariantCulture),
            [channel + "DeliveriesPerSecond"] = "50",
            [channel + "MaxBatchSize"] = "100",
            [channel + "MaxRetries"] = "2",
            [channel + "RetryDelay"] = "00:00:00.050",
            [channel + "AttemptTimeout"] = "00:00:02",
            [channel + "BreakDuration"] = "00:00:01",
            [channel + "ParkAfterFailures"] = "2",
            [channel + "ReconcileInterval"] = "00:00:02",
        });
    }

    public ChannelReceiverServer Receiver { get; }

    public InventoryApiFactory Api { get; }

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Receiver.StartAsync();
        Http = Api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Api.DisposeAsync();
        await Receiver.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>What the receiver must hold for each pair: the stock's current version and available units after the rules.</summary>
    public async Task<Dictionary<(string, string), (long Quantity, long Version)>> ExpectedAsync(string location, IEnumerable<string> skus)
    {
        var expected = new Dictionary<(string, string), (long, long)>();
        foreach (var sku in skus)
        {
            var stock = await Http.StockAsync(location, sku);
            expected[(location, sku)] = (Rules.Apply(stock.GetProperty("available").GetInt64()), stock.GetProperty("version").GetInt64());
        }

        return expected;
    }

    /// <summary>Pairs whose receiver state differs from <paramref name="expected"/>.</summary>
    public List<string> Differences(Dictionary<(string, string), (long Quantity, long Version)> expected) =>
        [.. expected
            .Where(e => !Receiver.View.Items.TryGetValue(e.Key, out var item) || (item.Quantity, item.Version) != e.Value)
            .Select(e => $"{e.Key}: want {e.Value}, have {(Receiver.View.Items.TryGetValue(e.Key, out var i) ? (i.Quantity, i.Version).ToString() : "nothing")}")];

    /// <summary>Waits until the receiver holds exactly the expected state of every pair.</summary>
    public async Task ConvergedAsync(string location, IReadOnlyCollection<string> skus, TimeSpan timeout)
    {
        var expected = await ExpectedAsync(location, skus);
        await Eventually.MatchesAsync(
            () => Task.FromResult(Differences(expected)),
            differences => differences.Count == 0,
            $"the receiver to hold the channel quantity and version of all {skus.Count} pairs",
            timeout);
    }

    public async Task<HttpStatusCode> ChangeAsync(string location, string sku, int kind, int n) => kind switch
    {
        0 => (await Http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{location}/{sku}/receipts", new { quantity = 1 + (n % 5), operationId = $"r-{sku}-{n}" })).Status,
        1 => (await Http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/{location}/{sku}/adjustments", new { delta = -1, reason = "damaged", operationId = $"a-{sku}-{n}" })).Status,
        _ => (await Http.SendJsonAsync(HttpMethod.Post, "/v1/reservations", new { lines = new[] { new { sku, location, quantity = 1 } } })).Status,
    };
}
