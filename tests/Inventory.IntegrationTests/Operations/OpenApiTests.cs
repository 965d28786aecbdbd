using System.Globalization;
using System.Net;
using System.Text.Json;
using Inventory.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Inventory.IntegrationTests.Operations;

public class OpenApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>
    /// The client errors each route can answer (from its handler and from the pipeline: 400 for invalid input,
    /// 413/415 for a body). Every mapped route must be listed here, so a new route needs a decision.
    /// </summary>
    private static readonly Dictionary<string, int[]> ClientErrors = new()
    {
        ["GET /v1/availability/{location}/{sku}"] = [400, 404],
        ["POST /v1/availability/query"] = [400, 413, 415],
        ["POST /v1/stock/counts"] = [400, 413, 415],
        ["GET /v1/stock/{location}/{sku}"] = [400, 404],
        ["PUT /v1/stock/{location}/{sku}"] = [400, 413, 415],
        ["POST /v1/stock/{location}/{sku}/adjustments"] = [400, 409, 413, 415],
        ["POST /v1/stock/{location}/{sku}/receipts"] = [400, 413, 415],
        ["POST /v1/stock/{location}/{sku}/returns"] = [400, 413, 415],
        ["GET /v1/stock/{location}/{sku}/movements"] = [400, 404],
        ["GET /v1/stock/shortfalls"] = [400],
        ["POST /v1/reservations"] = [400, 409, 413, 415],
        ["GET /v1/reservations/{id}"] = [400, 404],
        ["POST /v1/reservations/{id}/extend"] = [400, 404, 409, 413, 415],
        ["POST /v1/reservations/{id}/commit"] = [400, 404, 409, 413, 415],
        ["DELETE /v1/reservations/{id}"] = [400, 404, 409],
        ["POST /v1/reservations/{id}/fulfill"] = [400, 404, 409],
        ["POST /v1/reservations/{id}/cancel"] = [400, 404, 409],
        ["GET /v1/channels"] = [],
        ["GET /v1/channels/{name}"] = [404],
        ["POST /v1/channels/{name}/resync"] = [404],
    };

    private static readonly string[] NotInTheContract = ["/dashboard", "/openapi", "/scalar", "/health", "/metrics"];

    private readonly HttpClient _http = api.CreateClient();

    [Fact]
    public async Task EveryMappedRouteIsDocumentedWithTheProblemsItCanAnswer()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");

        var routes = MappedRoutes();
        Assert.Equal(ClientErrors.Keys.Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
        foreach (var route in routes)
        {
            var (method, path) = (route[..route.IndexOf(' ', StringComparison.Ordinal)], route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{route} is not in the OpenAPI document");

            var problems = ProblemStatuses(operation);
            Assert.True(problems.Contains(503), $"{route} does not document 503 as application/problem+json");
            var undocumented = ClientErrors[route].Except(problems).ToList();
            Assert.True(undocumented.Count == 0, $"{route} does not document {string.Join(", ", undocumented)} as application/problem+json");
        }
    }

    [Fact]
    public async Task TheDashboardAndTheRedirectAreLeftOutOfTheDocument()
    {
        var paths = (await DocumentAsync()).GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.DoesNotContain("/", paths);
        Assert.DoesNotContain(paths, p => NotInTheContract.Any(prefix => p.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheLedgerReadsHaveSummariesAndTypedQueryValues()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var movements = paths.GetProperty("/v1/stock/{location}/{sku}/movements").GetProperty("get");
        var shortfalls = paths.GetProperty("/v1/stock/shortfalls").GetProperty("get");

        Assert.Equal("List a pair's movements", movements.GetProperty("summary").GetString());
        Assert.Equal("List the pairs in shortfall", shortfalls.GetProperty("summary").GetString());
        Assert.All([movements, shortfalls], o => Assert.NotEmpty(o.GetProperty("description").GetString()!));
        Assert.All([movements, shortfalls], o => Assert.True(o.GetProperty("responses").GetProperty("200").TryGetProperty("content", out _)));
        var query = movements.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query")
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));
        Assert.Equal(["after", "latest", "limit"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("integer", "500", "100"), (query["limit"].GetProperty("type").GetString(), query["limit"].GetProperty("maximum").ToString(), query["limit"].GetProperty("default").ToString()));
        Assert.Equal("boolean", query["latest"].GetProperty("type").GetString());
        Assert.Contains(shortfalls.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "location");
    }

    [Fact]
    public async Task TheScalarReferenceIsServed()
    {
        using var response = await _http.GetAsync(new Uri("/scalar", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var response = await _http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>"METHOD /path" of every route endpoint the app maps, minus the ops endpoints and the root redirect.</summary>
    private List<string> MappedRoutes()
    {
        var endpoints = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return
        [
            .. endpoints
                .Select(e => (Path: "/" + (e.RoutePattern.RawText ?? "").Trim('/'), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
                .Where(e => e.Path != "/" && !NotInTheContract.Any(prefix => e.Path.StartsWith(prefix, StringComparison.Ordinal)))
                .SelectMany(e => e.Methods.Select(method => $"{method} {e.Path}"))
                .Distinct(),
        ];
    }

    private static HashSet<int> ProblemStatuses(JsonElement operation) =>
    [
        .. operation.GetProperty("responses").EnumerateObject()
            .Where(r => r.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out _))
            .Select(r => int.Parse(r.Name, CultureInfo.InvariantCulture)),
    ];
}
