using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Inventory.IntegrationTests.Api;

/// <summary>Small helpers over HttpClient that read responses as JSON documents, like a gateway would.</summary>
public static class ApiClient
{
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendJsonAsync(this HttpClient http, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        return (response.StatusCode, await ReadAsync(response));
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<string> SeedAsync(this HttpClient http, string location, long onHand)
    {
        var sku = $"SKU-{Guid.NewGuid():N}";
        var (status, _) = await http.SendJsonAsync(HttpMethod.Put, $"/v1/stock/{location}/{sku}",
            new { onHand, asOf = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.OK, status);
        return sku;
    }

    public static async Task<JsonElement> StockAsync(this HttpClient http, string location, string sku)
    {
        var (status, body) = await http.SendJsonAsync(HttpMethod.Get, $"/v1/stock/{location}/{sku}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public static long Long(this JsonElement element, string name) => element.GetProperty(name).GetInt64();

    public static string? Str(this JsonElement element, string name) => element.GetProperty(name).GetString();
}
