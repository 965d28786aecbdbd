using System.Net;
using System.Net.Http.Json;
using Inventory.Api.Hosting;
using Inventory.Api.Idempotency;
using Inventory.Idempotency;
using Inventory.IntegrationTests.Infrastructure;
using Inventory.Stock;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Inventory.IntegrationTests.Api;

public class IdempotencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _http = api.CreateClient();

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(
        HttpClient http, HttpMethod method, string url, object? body, string? key)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static object Reserve(string sku, int quantity = 2) => new { lines = new[] { new { sku, location = "WH1", quantity } } };

    [Fact]
    public async Task ARetryWithTheSameKeyAndBodyGetsTheFirstAnswerAndHoldsNothingTwice()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 10);
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve(sku), key);
        var retry = await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve(sku), key);

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal((first.Status, first.Body), (retry.Status, retry.Body));
        Assert.Equal(first.Response.Headers.Location, retry.Response.Headers.Location);
        Assert.Equal("true", Assert.Single(retry.Response.Headers.GetValues("Idempotent-Replayed")));
        Assert.False(first.Response.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(8, (await _http.StockAsync("WH1", sku)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task ACreateWhoseFirstAttemptTookEffectUnansweredIsAnsweredCreatedOnTheRetry()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 10);
        var key = Guid.NewGuid().ToString();
        // The first attempt placed the reservation, but its answer never reached the caller (its silo crashed, or the
        // time budget ran out), so nothing is stored under the key: the caller has not seen this reservation yet.
        var grains = api.Factory.Services.GetRequiredService<IGrainFactory>();
        var id = IdempotencyKeys.ReservationId("dev-admin", key);
        await grains.GetGrain<Inventory.Reservations.IReservationGrain>(id).CreateAsync(
            new Inventory.Reservations.CreateReservation([new Inventory.Reservations.ReservationLine(sku, "WH1", 2)], TimeSpan.FromMinutes(10)));

        var retry = await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve(sku), key);

        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.Equal($"/v1/reservations/{id}", retry.Response.Headers.Location?.OriginalString);
        Assert.Equal(8, (await _http.StockAsync("WH1", sku)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task TheSameKeyWithADifferentBodyIs422AndChangesNothing()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 10);
        var key = Guid.NewGuid().ToString();
        await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve(sku, 2), key);

        var (status, body, response) = await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve(sku, 3), key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("urn:inventory:problem:idempotency-key-reused", body, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(8, (await _http.StockAsync("WH1", sku)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task AnErrorAnswerIsReplayedToo()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 1);
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve(sku, 5), key);
        await _http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/WH1/{sku}/receipts", new { quantity = 10, operationId = "more" });
        var retry = await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve(sku, 5), key);

        Assert.Equal(HttpStatusCode.Conflict, first.Status);
        Assert.Equal((first.Status, first.Body), (retry.Status, retry.Body));
    }

    [Fact]
    public async Task KeysAreScopedToTheCaller()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 10);
        var key = Guid.NewGuid().ToString();
        using var storefront = api.Factory.Server.CreateClient();
        storefront.DefaultRequestHeaders.Add("X-Api-Key", DevelopmentKeys.Storefront);

        var admin = await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve(sku, 1), key);
        var other = await SendAsync(storefront, HttpMethod.Post, "/v1/reservations", Reserve(sku, 2), key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (admin.Status, other.Status));
        Assert.Equal(7, (await _http.StockAsync("WH1", sku)).GetProperty("available").GetInt64());
    }

    [Fact]
    public async Task AnAvailabilityQueryIsAReadThatAKeyNeitherStoresNorReplays()
    {
        var sku = await _http.SeedAsync("WH1", onHand: 5);
        var key = Guid.NewGuid().ToString();
        var query = new { items = new[] { new { location = "WH1", sku } } };

        var first = await SendAsync(_http, HttpMethod.Post, "/v1/availability/query", query, key);
        await _http.SendJsonAsync(HttpMethod.Post, $"/v1/stock/WH1/{sku}/receipts", new { quantity = 3, operationId = "more" });
        var fresh = await Eventually.MatchesAsync(
            async () =>
            {
                var again = await SendAsync(_http, HttpMethod.Post, "/v1/availability/query", query, key);
                Assert.False(again.Response.Headers.Contains("Idempotent-Replayed"), $"replayed: {again.Body}");
                return again.Body;
            },
            body => body.Contains("\"available\":8", StringComparison.Ordinal), "the query under the same key to show the receipt");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("\"available\":5", first.Body, StringComparison.Ordinal);
        Assert.Contains("\"version\":2", fresh, StringComparison.Ordinal);
        await using var database = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(api.DataDirectory, "inventory.db")}");
        await database.OpenAsync();
        await using var stored = database.CreateCommand();
        stored.CommandText = "SELECT COUNT(*) FROM OrleansStorage WHERE GrainTypeString = 'idempotency' AND GrainIdExtensionString = $key";
        stored.Parameters.AddWithValue("$key", $"dev-admin|{key}");
        Assert.Equal(0L, (long)(await stored.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("ключ")]
    public async Task AMalformedKeyIsAValidationError(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/reservations") { Content = JsonContent.Create(Reserve("SKU1")) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ApiClient.ReadAsync(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task AnOverlongKeyIsAValidationError()
    {
        var (status, _, _) = await SendAsync(_http, HttpMethod.Post, "/v1/reservations", Reserve("SKU1"), new string('k', 129));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }
}

/// <summary>Keys outlive a restart (they live in grain storage) and expire after their window.</summary>
public sealed class IdempotencyLifetimeTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public void Dispose() => _data.Dispose();

    private InventoryApiFactory Api() => new(_data.Path, new() { ["Inventory:Api:Idempotency:Window"] = "00:10:00" },
        services: s => s.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, _clock));

    private static async Task<(HttpStatusCode Status, string Body)> ReceiveAsync(HttpClient http, string sku, int quantity, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/stock/WH1/{sku}/receipts")
        {
            Content = JsonContent.Create(new { quantity, operationId = $"rcv-{quantity}" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AKeyIsRememberedAcrossARestartUntilItsWindowEnds()
    {
        string sku;
        (HttpStatusCode, string) first;
        await using (var before = Api())
        {
            using var http = before.CreateClient();
            sku = await http.SeedAsync("WH1", onHand: 1);
            first = await ReceiveAsync(http, sku, 5, "restock-1");
        }

        await using var after = Api();
        using var again = after.CreateClient();

        Assert.Equal(first, await ReceiveAsync(again, sku, 5, "restock-1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ReceiveAsync(again, sku, 6, "restock-1")).Status);

        _clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal(HttpStatusCode.OK, (await ReceiveAsync(again, sku, 6, "restock-1")).Status);
        Assert.Equal(12, (await again.StockAsync("WH1", sku)).GetProperty("onHand").GetInt64());
    }
}

/// <summary>
/// A key whose first request died before its answer was stored (its node crashed, or freeing the key failed) is held
/// only for its lease: then a retry runs the request, once.
/// </summary>
public sealed class IdempotencyLeaseTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly FailingGrainCalls _failing = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AKeyWhoseFirstRequestDiedIsTakenOverAfterItsLeaseAndRunsOnce()
    {
        await using var api = new InventoryApiFactory(_data.Path, new() { ["Inventory:Api:Idempotency:Lease"] = "00:03:00" },
            services: s => s.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, _clock).AddSingleton<IIncomingGrainCallFilter>(_failing));
        using var http = api.CreateClient();
        var sku = await http.SeedAsync("WH1", onHand: 1);
        const string key = "restock-died";
        async Task<(HttpStatusCode Status, string Body, bool Replayed)> ReceiveAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/stock/WH1/{sku}/receipts")
            {
                Content = JsonContent.Create(new { quantity = 5, operationId = "rcv-died" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
        }

        // The first request fails, and so does freeing its key: the claim is left behind, as if its node had died.
        _failing.Fail($"WH1/{sku}", nameof(IStockGrain.ReceiveAsync));
        _failing.Fail($"dev-admin|{key}", nameof(IIdempotencyGrain.AbandonAsync));
        var died = await ReceiveAsync();
        var withinLease = await ReceiveAsync();
        _clock.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        var stillWithinLease = await ReceiveAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        var takenOver = await ReceiveAsync();
        var replayed = await ReceiveAsync();

        Assert.True(died.Status >= HttpStatusCode.InternalServerError, $"first answer {died.Status}");
        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (withinLease.Status, stillWithinLease.Status));
        Assert.Contains("urn:inventory:problem:idempotency-key-in-use", withinLease.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, false), (takenOver.Status, takenOver.Replayed));
        Assert.Contains("\"outcome\":\"applied\"", takenOver.Body, StringComparison.Ordinal);
        Assert.Equal((takenOver.Status, takenOver.Body, true), replayed);
        Assert.Equal(6, (await http.StockAsync("WH1", sku)).GetProperty("onHand").GetInt64());
    }

    [Fact]
    public void ALeaseNoLongerThanTheCheckoutBudgetIsRefused()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration["Inventory:Api:TimeBudgets:Checkout"] = "00:00:30";
        builder.Configuration["Inventory:Api:Idempotency:Lease"] = "00:00:30";
        builder.AddInventoryApi();
        builder.AddInventoryIdempotency();
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IdempotencyOptions>>().Value);

        Assert.Contains("Inventory:Api:Idempotency:Lease must be longer than Inventory:Api:TimeBudgets:Checkout", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>Stored answers do not pile up: rows older than the retention are deleted, recent ones stay.</summary>
public sealed class IdempotencyCleanupTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task AnswersOlderThanTheRetentionAreDeletedAndRecentOnesKept()
    {
        await using var api = new InventoryApiFactory(_data.Path, new() { ["Inventory:Storage:IdempotencyRetention"] = "01:00:00" });
        using var http = api.CreateClient();
        var sku = await http.SeedAsync("WH1", onHand: 5);
        foreach (var key in new[] { "old-key", "new-key" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/stock/WH1/{sku}/receipts")
            {
                Content = JsonContent.Create(new { quantity = 1, operationId = key }),
            };
            request.Headers.Add("Idempotency-Key", key);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        }

        await using (var database = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data.Path, "inventory.db")}"))
        {
            await database.OpenAsync();
            await using var backdate = database.CreateCommand();
            backdate.CommandText = "UPDATE OrleansStorage SET ModifiedOn = '2020-01-01T00:00:00.000Z' WHERE GrainTypeString = 'idempotency' AND GrainIdExtensionString LIKE '%|old-key'";
            Assert.Equal(1, await backdate.ExecuteNonQueryAsync());
        }

        var deleted = await api.Services.GetRequiredService<Inventory.Silo.Storage.StorageJanitor>().CleanUpAsync(CancellationToken.None);

        Assert.Equal(1, deleted.IdempotencyAnswers);
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data.Path, "inventory.db")}");
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT GrainIdExtensionString FROM OrleansStorage WHERE GrainTypeString = 'idempotency'";
        Assert.Equal("dev-admin|new-key", (string?)await count.ExecuteScalarAsync());
    }
}
