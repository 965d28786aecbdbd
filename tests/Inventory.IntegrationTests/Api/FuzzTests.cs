using System.Net;
using System.Text;
using Inventory.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Inventory.IntegrationTests.Api;

/// <summary>
/// Well over a thousand malformed or hostile requests, generated from a fixed seed across every route: each must be
/// answered 4xx with problem details (never 5xx), and no pair may change.
/// </summary>
public class FuzzTests(ApiFixture api, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    private const int Requests = 1_200;
    private const string Location = "WH-FUZZ";
    private readonly HttpClient _http = api.CreateClient();

    private sealed record Hostile(string Kind, HttpMethod Method, string Path, string? ContentType, byte[]? Body, (string Name, string Value)? Header = null);

    [Fact]
    public async Task HostileRequestsGetProblemDetailsAndChangeNothing()
    {
        var skus = new[] { await _http.SeedAsync(Location, 50), await _http.SeedAsync(Location, 3) };
        var before = await SnapshotAsync(skus);
        var random = new Random(20261125);
        var answers = new List<(Hostile Request, HttpStatusCode Status, string? MediaType, string Body)>();

        for (var i = 0; i < Requests; i++)
        {
            var hostile = Generate(random, skus[i % skus.Length], i);
            using var request = new HttpRequestMessage(hostile.Method, hostile.Path);
            if (hostile.Body is not null)
            {
                request.Content = new ByteArrayContent(hostile.Body);
                if (hostile.ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
                }
            }

            if (hostile.Header is var (name, value))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await _http.SendAsync(request);
            answers.Add((hostile, response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync()));
        }

        output.WriteLine($"fuzz: {answers.Count} hostile requests; answers by status: " +
                         string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        output.WriteLine("fuzz: by kind: " + string.Join(", ", answers.GroupBy(a => a.Request.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        var serverErrors = answers.Count(a => (int)a.Status >= 500);
        var notProblems = answers.Where(a => (int)a.Status is < 400 or >= 500 || a.MediaType != "application/problem+json").ToList();
        output.WriteLine($"fuzz: {serverErrors} answers 5xx, {notProblems.Count} not 4xx problem details");

        Assert.True(answers.Count >= 1_000);
        Assert.True(notProblems.Count == 0, string.Join("\n", notProblems.Take(10).Select(a =>
            $"{a.Request.Kind}: {a.Request.Method} {a.Request.Path} {Preview(a.Request.Body)} -> {(int)a.Status} {a.MediaType} {a.Body[..Math.Min(200, a.Body.Length)]}")));
        Assert.Equal(before, await SnapshotAsync(skus));
    }

    private async Task<string> SnapshotAsync(IEnumerable<string> skus)
    {
        var parts = new List<string>();
        foreach (var sku in skus)
        {
            var stock = await _http.StockAsync(Location, sku);
            parts.Add(string.Join('/', new[] { "onHand", "reserved", "committed", "damaged", "safetyStock", "version" }.Select(p => stock.GetProperty(p).GetInt64())));
        }

        return string.Join(' ', parts);
    }

    // Values that are invalid for the field in every case (a free-text field accepts any short string, so it gets
    // only wrong types and overlong text).
    private static string[] BadValues(string field) => field switch
    {
        "onHand" or "delta" or "quantity" or "ttlSeconds" =>
            ["-1", "-9223372036854775808", "9223372036854775807", "99999999999999999999999999", "1e30", "1.5", "null", "true", "\"5\"", "{}", "[]"],
        "operationId" => ["\"\"", "\"a b\"", "\"日本語\"", "\"../../etc\"", "\"\\u0000\"", $"\"{new string('x', 65)}\"", "5", "null", "{}", "[]"],
        "reason" or "orderId" => [$"\"{new string('x', 300)}\"", "\"\"", "5", "null", "{}", "[]", "true"],
        "asOf" => ["\"yesterday\"", "\"2026-13-45\"", "5", "null", "{}", "[]"],
        "restock" => ["\"yes\"", "1", "null", "{}", "[]"],
        _ => ["[]", "null", "\"x\"", "[{}]", "[null]", "5", "{}", $"[{string.Join(',', Enumerable.Repeat("{\"sku\":\"a\",\"location\":\"b\",\"quantity\":1}", 600))}]"],
    };

    private static string Preview(byte[]? body) => body is null ? "" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 120));

    private static Hostile Generate(Random random, string sku, int n)
    {
        var stock = $"/v1/stock/{Location}/{sku}";
        var targets = new (HttpMethod Method, string Path, string Valid, string[] Fields)[]
        {
            (HttpMethod.Put, stock, $$"""{"onHand":5,"asOf":"2020-01-01T00:00:00Z"}""", ["onHand", "asOf"]),
            (HttpMethod.Post, stock + "/adjustments", """{"delta":-1,"reason":"other","operationId":"fuzz-op"}""", ["delta", "reason", "operationId"]),
            (HttpMethod.Post, stock + "/receipts", """{"quantity":1,"operationId":"fuzz-op"}""", ["quantity", "operationId"]),
            (HttpMethod.Post, stock + "/returns", """{"quantity":1,"restock":true,"operationId":"fuzz-op"}""", ["quantity", "restock", "operationId"]),
            (HttpMethod.Post, "/v1/reservations", $$"""{"lines":[{"sku":"{{sku}}","location":"{{Location}}","quantity":1}]}""", ["lines"]),
            (HttpMethod.Post, "/v1/reservations/fuzz-r/extend", """{"ttlSeconds":60}""", ["ttlSeconds"]),
            (HttpMethod.Post, "/v1/reservations/fuzz-r/commit", """{"orderId":"o-1"}""", ["orderId"]),
            (HttpMethod.Post, "/v1/availability/query", $$"""{"items":[{"location":"{{Location}}","sku":"{{sku}}"}]}""", ["items"]),
        };
        var (method, path, valid, fields) = targets[n % targets.Length];
        var field = fields[random.Next(fields.Length)];
        byte[] Json(string text) => Encoding.UTF8.GetBytes(text);
        string Replace(string value) => System.Text.RegularExpressions.Regex.Replace(valid, $"\"{field}\":(\\[.*\\]|\"[^\"]*\"|[^,}}]+)", $"\"{field}\":{value}");
        string Without() => System.Text.RegularExpressions.Regex.Replace(valid, $"\"{field}\":(\\[.*\\]|\"[^\"]*\"|[^,}}]+),?", "").Replace(",}", "}", StringComparison.Ordinal);

        var badValues = BadValues(field);
        return (n / targets.Length % 12) switch
        {
            0 => new("wrong-or-hostile-value", method, path, "application/json", Json(Replace(badValues[random.Next(badValues.Length)]))),
            1 => new("missing-field", method, path, "application/json", Json(Without())),
            2 => new("broken-json", method, path, "application/json", Json(valid[..random.Next(1, valid.Length - 1)])),
            3 => new("not-json", method, path, "application/json", Json(new[] { "hello", "<xml/>", "{'a':1}", "{\"a\":1,}", "[", "\u00ff\u00fe" }[random.Next(6)])),
            4 => new("wrong-content-type", method, path, new[] { "text/plain", "application/xml", "multipart/form-data", "application/x-www-form-urlencoded" }[random.Next(4)], Json(valid)),
            5 => new("no-body", method, path, null, null),
            6 => new("oversized-body", method, path, "application/json", Json(valid.Insert(1, $"\"pad\":\"{new string('p', 300_000)}\","))),
            7 => new("overlong-or-non-ascii-code", HttpMethod.Get, new[]
            {
                $"/v1/stock/{Location}/{new string('s', 65 + random.Next(200))}",
                $"/v1/stock/{Uri.EscapeDataString("склад")}/{sku}",
                $"/v1/availability/{Location}/{Uri.EscapeDataString("ü" + sku)}",
                $"/v1/reservations/{Uri.EscapeDataString("id with spaces")}",
                $"/v1/stock/{Location}/{Uri.EscapeDataString("a/b")}",
                $"/v1/stock/%FF%FE/{sku}",
            }[random.Next(6)], null, null),
            8 => new("unknown-route-or-method", new[] { HttpMethod.Patch, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Get, new HttpMethod("PURGE") }[random.Next(5)],
                new[] { path + "/x", "/v1/nothing-here", "/v2/stock/a/b", $"{stock}/adjustments/1", "/v1/reservations/fuzz-r/explode" }[random.Next(5)], null, null),
            9 => new("deep-nesting", method, path, "application/json", Json(new string('[', 5_000) + new string(']', 5_000))),
            10 => new("bad-if-match", method, path, "application/json", Json(Replace(badValues[random.Next(badValues.Length)])),
                ("If-Match", new[] { "abc", "\"x\"", "*", "\"1\", \"2\"" }[random.Next(4)])),
            _ => new("bad-idempotency-key", method, path, "application/json", Json(Replace(badValues[random.Next(badValues.Length)])),
                ("Idempotency-Key", new[] { new string('k', 129), "has space", "ключ" }[random.Next(3)])),
        };
    }
}
