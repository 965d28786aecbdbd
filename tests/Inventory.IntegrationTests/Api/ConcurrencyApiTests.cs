using System.Net;
using System.Net.Http.Json;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Api;

public class ConcurrencyApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _http = api.CreateClient();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await _http.SendAsync(request);
    }

    [Fact]
    public async Task AnOpsWriteWithTheCurrentETagIsAppliedAndReturnsTheNewOne()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 10);
        using var read = await _http.GetAsync(new Uri($"/v1/stock/WH1/{sku}", UriKind.Relative));
        var etag = read.Headers.ETag!.Tag;

        using var write = await SendAsync(HttpMethod.Post, $"/v1/stock/WH1/{sku}/receipts", new { quantity = 5, operationId = "rcv-1" }, etag);

        Assert.Equal(HttpStatusCode.OK, write.StatusCode);
        Assert.Equal("\"2\"", write.Headers.ETag!.Tag);
        Assert.Equal(15, (await ApiClient.ReadAsync(write)).GetProperty("stock").GetProperty("onHand").GetInt64());
    }

    [Theory]
    [InlineData("PUT", "", "{\"onHand\":1,\"asOf\":\"{newer}\"}")]
    [InlineData("POST", "/adjustments", "{\"delta\":-1,\"reason\":\"correction\",\"operationId\":\"adj-9\"}")]
    [InlineData("POST", "/receipts", "{\"quantity\":1,\"operationId\":\"rcv-9\"}")]
    [InlineData("POST", "/returns", "{\"quantity\":1,\"restock\":true,\"operationId\":\"ret-9\"}")]
    public async Task AnOpsWriteWithAStaleETagAnswers412AndChangesNothing(string method, string path, string json)
    {
        var sku = await _http.SeedAsync("WH1", onHand: 10);
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/v1/stock/WH1/{sku}{path}")
        {
            // A count newer than the seed's, yet not dated beyond the clock skew allowed.
            Content = new StringContent(json.Replace("{newer}", DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"), StringComparison.Ordinal),
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"7\"");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var problem = await ApiClient.ReadAsync(response);
        Assert.Equal("urn:inventory:problem:precondition-failed", problem.GetProperty("type").GetString());
        Assert.Equal(1, problem.GetProperty("currentVersion").GetInt64());
        var stock = await _http.StockAsync("WH1", sku);
        Assert.Equal((10L, 1L), (stock.GetProperty("onHand").GetInt64(), stock.GetProperty("version").GetInt64()));
    }

    [Theory]
    [InlineData("7")]
    [InlineData("\"abc\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("*")]
    public async Task AMalformedIfMatchIsAValidationError(string ifMatch)
    {
        var sku = await _http.SeedAsync("WH1", onHand: 10);

        using var response = await SendAsync(HttpMethod.Post, $"/v1/stock/WH1/{sku}/receipts", new { quantity = 1, operationId = "rcv-2" }, ifMatch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiClient.ReadAsync(response)).GetProperty("errors").TryGetProperty("If-Match", out _));
    }

    [Fact]
    public async Task TwoWritersWithTheSameETagOnlyOneWins()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 10);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await SendAsync(HttpMethod.Post, $"/v1/stock/WH1/{sku}/adjustments",
                new { delta = -1, reason = "cycle-count", operationId = $"adj-{i}" }, "\"1\"");
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(7, answers.Count(s => s == HttpStatusCode.PreconditionFailed));
        Assert.Equal(9, (await _http.StockAsync("WH1", sku)).GetProperty("onHand").GetInt64());
    }
}
