using System.Net;
using Inventory.IntegrationTests.Infrastructure;
using Inventory.ServiceDefaults.Configuration;
using Inventory.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;

namespace Inventory.IntegrationTests.Api;

/// <summary>Outside Development: keys are mandatory, the dashboard needs the admin role, and rate limits bite.</summary>
public sealed class ProductionAccessTests : IDisposable
{
    private const string AdminKey = "production-admin-key-for-tests";
    private const string StorefrontKey = "production-storefront-key-for-tests";
    private const string OtherStorefrontKey = "production-storefront-key-for-tests-2";
    private readonly TempDirectory _data = new();

    private static Dictionary<string, string> Keys(int storefrontRequestsPerSecond) => new()
    {
        ["Inventory:Api:Auth:Keys:0:Name"] = "admin",
        ["Inventory:Api:Auth:Keys:0:Sha256"] = ApiKeyHash.Of(AdminKey),
        ["Inventory:Api:Auth:Keys:0:Roles:0"] = "admin",
        ["Inventory:Api:Auth:Keys:1:Name"] = "storefront",
        ["Inventory:Api:Auth:Keys:1:Sha256"] = ApiKeyHash.Of(StorefrontKey),
        ["Inventory:Api:Auth:Keys:1:Roles:0"] = "storefront",
        ["Inventory:Api:Auth:Keys:1:RequestsPerSecond"] = storefrontRequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Inventory:Api:Auth:Keys:2:Name"] = "storefront-2",
        ["Inventory:Api:Auth:Keys:2:Sha256"] = ApiKeyHash.Of(OtherStorefrontKey),
        ["Inventory:Api:Auth:Keys:2:Roles:0"] = "storefront",
        ["Inventory:Api:Auth:Keys:2:RequestsPerSecond"] = storefrontRequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public void Dispose() => _data.Dispose();

    [Fact]
    public void WithoutKeysTheServiceRefusesToStart()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });

        var error = Assert.Throws<InventoryConfigurationException>(() => builder.AddApiKeyAuthentication());

        Assert.Contains("no API keys are configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InDevelopmentTheServiceStartsWithoutKeys()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });

        builder.AddApiKeyAuthentication();
    }

    [Fact]
    public async Task TheDashboardNeedsTheAdminRole()
    {
        using var factory = new InventoryApiFactory(_data.Path, Keys(100), environment: "Production");
        using var anonymous = factory.Server.CreateClient();
        using var storefront = factory.Server.CreateClient();
        storefront.DefaultRequestHeaders.Add(ApiKeyOptions.Header, StorefrontKey);
        using var admin = factory.Server.CreateClient();
        admin.DefaultRequestHeaders.Add(ApiKeyOptions.Header, AdminKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await storefront.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/dashboard/", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AKeyOverItsRateLimitGets429WithRetryAfter()
    {
        using var factory = new InventoryApiFactory(_data.Path, Keys(storefrontRequestsPerSecond: 1), environment: "Production");
        using var storefront = factory.Server.CreateClient();
        storefront.DefaultRequestHeaders.Add(ApiKeyOptions.Header, StorefrontKey);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            responses.Add(await storefront.GetAsync(new Uri("/v1/availability/WH1/SKU1", UriKind.Relative)));
        }

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        var body = await ApiClient.ReadAsync(limited[0]);
        Assert.Equal("urn:inventory:problem:rate-limited", body.GetProperty("type").GetString());
        // The admin key has its own bucket.
        using var admin = factory.Server.CreateClient();
        admin.DefaultRequestHeaders.Add(ApiKeyOptions.Header, AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(new Uri("/v1/channels", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AnAvailabilityQueryCountsAgainstItsKeysRateLimitByItsPairs()
    {
        // Each key may make 1 request a second, 2 at once; a query counts as one request per 10 pairs. Each key is used
        // once, on a full bucket, so nothing depends on how fast the machine is.
        using var factory = new InventoryApiFactory(_data.Path, Keys(storefrontRequestsPerSecond: 1), environment: "Production");
        using var storefront = factory.Server.CreateClient();
        storefront.DefaultRequestHeaders.Add(ApiKeyOptions.Header, StorefrontKey);
        using var other = factory.Server.CreateClient();
        other.DefaultRequestHeaders.Add(ApiKeyOptions.Header, OtherStorefrontKey);
        static object Query(int pairs) => new { items = Enumerable.Range(0, pairs).Select(i => new { location = "WH1", sku = $"SKU-{i}" }).ToArray() };

        var (wholeBurst, answer) = await storefront.SendJsonAsync(HttpMethod.Post, "/v1/availability/query", Query(20));
        var (overBurst, refusal) = await other.SendJsonAsync(HttpMethod.Post, "/v1/availability/query", Query(21));

        Assert.Equal(HttpStatusCode.OK, wholeBurst);
        Assert.Equal(20, answer.GetProperty("unknown").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, overBurst);
        Assert.Equal("urn:inventory:problem:validation-failed", refusal.Str("type"));
        Assert.Contains("at most 20 pairs", refusal.GetProperty("errors").GetProperty("items")[0].GetString(), StringComparison.Ordinal);
    }
}
