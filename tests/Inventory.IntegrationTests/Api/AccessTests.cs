using System.Net;
using Inventory.IntegrationTests.Infrastructure;
using Inventory.ServiceDefaults.Security;

namespace Inventory.IntegrationTests.Api;

public class AccessTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body, HttpResponseMessage Response)> SendAsync(
        string? key, HttpMethod method, string url, object? body = null)
    {
        using var http = api.Factory.Server.CreateClient();
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add(ApiKeyOptions.Header, key);
        }

        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        var response = await http.SendAsync(request);
        return (response.StatusCode, await ApiClient.ReadAsync(response), response);
    }

    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "GET", "/v1/availability/WH1/SKU1" },
        { "POST", "/v1/availability/query" },
        { "GET", "/v1/stock/WH1/SKU1" },
        { "PUT", "/v1/stock/WH1/SKU1" },
        { "POST", "/v1/stock/WH1/SKU1/receipts" },
        { "POST", "/v1/reservations" },
        { "GET", "/v1/reservations/r1" },
        { "POST", "/v1/reservations/r1/fulfill" },
        { "GET", "/v1/channels" },
        { "POST", "/v1/channels/x/resync" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task WithoutAKeyEveryRouteAnswers401ProblemDetails(string method, string url)
    {
        var (status, body, response) = await SendAsync(null, new HttpMethod(method), url, method is "GET" ? null : new { });

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("urn:inventory:problem:unauthorized", body.GetProperty("type").GetString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "ApiKey");
    }

    [Fact]
    public async Task AnUnknownKeyAnswers401()
    {
        var (status, body, _) = await SendAsync("not-a-key", HttpMethod.Get, "/v1/availability/WH1/SKU1");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("The API key is not valid.", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(DevelopmentKeys.Storefront, "PUT", "/v1/stock/WH1/SKU1")]
    [InlineData(DevelopmentKeys.Storefront, "GET", "/v1/stock/WH1/SKU1")]
    [InlineData(DevelopmentKeys.Storefront, "POST", "/v1/reservations/r1/fulfill")]
    [InlineData(DevelopmentKeys.Storefront, "POST", "/v1/reservations/r1/cancel")]
    [InlineData(DevelopmentKeys.Storefront, "GET", "/v1/channels")]
    [InlineData(DevelopmentKeys.Ops, "POST", "/v1/reservations")]
    [InlineData(DevelopmentKeys.Ops, "GET", "/v1/availability/WH1/SKU1")]
    [InlineData(DevelopmentKeys.Ops, "POST", "/v1/channels/x/resync")]
    public async Task AKeyWithoutTheRoutesRoleAnswers403(string key, string method, string url)
    {
        var (status, body, _) = await SendAsync(key, new HttpMethod(method), url, method is "GET" ? null : new { });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("urn:inventory:problem:forbidden", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task EachRoleReachesItsOwnRoutes()
    {
        var sku = $"SKU-{Guid.NewGuid():N}";
        var (counted, _, _) = await SendAsync(DevelopmentKeys.Ops, HttpMethod.Put, $"/v1/stock/WH1/{sku}", new { onHand = 5, asOf = DateTimeOffset.UtcNow });
        var (reserved, reservation, _) = await SendAsync(DevelopmentKeys.Storefront, HttpMethod.Post, "/v1/reservations",
            new { lines = new[] { new { sku, location = "WH1", quantity = 1 } } });
        var (browsed, _, _) = await SendAsync(DevelopmentKeys.Storefront, HttpMethod.Get, $"/v1/availability/WH1/{sku}");
        var (listed, _, _) = await SendAsync(DevelopmentKeys.Admin, HttpMethod.Get, "/v1/channels");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.OK), (counted, reserved, browsed, listed));
        Assert.Equal("held", reservation.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RoutesOutsideTheApiStayOpenInDevelopment()
    {
        using var anonymous = api.Factory.Server.CreateClient();

        using var response = await anonymous.GetAsync(new Uri("/dashboard/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
