using System.Net;
using System.Text;
using Inventory.IntegrationTests.Infrastructure;

namespace Inventory.IntegrationTests.Api;

public class MalformedRequestTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Location = "WH-BAD";
    private const string Json = "application/json";
    private const string Validation = "urn:inventory:problem:validation-failed";
    private const string Malformed = "urn:inventory:problem:malformed-request";

    private readonly HttpClient _http = api.CreateClient();

    public sealed record Case(string Method, string Path, string? ContentType, string? Body, HttpStatusCode Status, string Type, string? Field = null)
    {
        public override string ToString() => $"{Method} {Path} {Body}";
    }

    private static IEnumerable<Case> Cases(string sku)
    {
        var stock = $"/v1/stock/{Location}/{sku}";
        var line = $$"""{"sku":"{{sku}}","location":"{{Location}}","quantity":1}""";
        string Reserve(string lines, string extra = "") => $$"""{"reservationId":"bad-1","lines":[{{lines}}]{{extra}}}""";

        // Path codes
        yield return new("GET", $"/v1/stock/{Location}/{new string('x', 65)}", null, null, HttpStatusCode.BadRequest, Validation, "sku");
        yield return new("GET", $"/v1/stock/bad%20loc/{sku}", null, null, HttpStatusCode.BadRequest, Validation, "location");
        yield return new("GET", $"/v1/availability/{Location}/sk%C3%BC", null, null, HttpStatusCode.BadRequest, Validation, "sku");
        yield return new("GET", "/v1/reservations/has%20space", null, null, HttpStatusCode.BadRequest, Validation, "id");

        // Warehouse count
        yield return new("PUT", stock, Json, """{"onHand":-1,"asOf":"2026-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, Validation, "onHand");
        yield return new("PUT", stock, Json, """{"onHand":5}""", HttpStatusCode.BadRequest, Validation, "asOf");
        yield return new("PUT", stock, Json, """{"asOf":"2026-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, Validation, "onHand");
        yield return new("PUT", stock, Json, """{"onHand":5,"safetyStock":-2,"asOf":"2026-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, Validation, "safetyStock");
        yield return new("PUT", stock, Json, """{"onHand":99999999999999,"asOf":"2026-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, Validation, "onHand");
        yield return new("PUT", stock, Json, """{"onHand":"5","asOf":"2026-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, Malformed);
        yield return new("PUT", stock, Json, """{"onHand":5,"asOf":"yesterday"}""", HttpStatusCode.BadRequest, Malformed);
        yield return new("PUT", stock, Json, """{"onHand":1e400,"asOf":"2026-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, Malformed);
        yield return new("PUT", stock, Json, """{"onHand":1.5,"asOf":"2026-01-01T00:00:00Z"}""", HttpStatusCode.BadRequest, Malformed);
        yield return new("PUT", stock, Json, "null", HttpStatusCode.BadRequest, Malformed);
        yield return new("PUT", stock, Json, "[]", HttpStatusCode.BadRequest, Malformed);
        yield return new("PUT", stock, Json, "", HttpStatusCode.BadRequest, Malformed);
        yield return new("PUT", stock, "text/plain", """{"onHand":5,"asOf":"2026-01-01T00:00:00Z"}""", HttpStatusCode.UnsupportedMediaType, "urn:inventory:problem:unsupported-media-type");

        // Adjustments, receipts, returns
        yield return new("POST", $"{stock}/adjustments", Json, """{"delta":0,"reason":"correction","operationId":"a1"}""", HttpStatusCode.BadRequest, Validation, "delta");
        yield return new("POST", $"{stock}/adjustments", Json, """{"delta":1,"operationId":"a1"}""", HttpStatusCode.BadRequest, Validation, "reason");
        yield return new("POST", $"{stock}/adjustments", Json, """{"delta":1,"reason":"correction"}""", HttpStatusCode.BadRequest, Validation, "operationId");
        yield return new("POST", $"{stock}/adjustments", Json, $$"""{"delta":1,"reason":"{{new string('r', 201)}}","operationId":"a1"}""", HttpStatusCode.BadRequest, Validation, "reason");
        yield return new("POST", $"{stock}/receipts", Json, """{"quantity":0,"operationId":"r1"}""", HttpStatusCode.BadRequest, Validation, "quantity");
        yield return new("POST", $"{stock}/receipts", Json, """{"quantity":5,"operationId":"bad id!"}""", HttpStatusCode.BadRequest, Validation, "operationId");
        yield return new("POST", $"{stock}/returns", Json, """{"quantity":5,"operationId":"t1"}""", HttpStatusCode.BadRequest, Validation, "restock");
        yield return new("POST", $"{stock}/returns", Json, """{"quantity":5,"restock":"yes","operationId":"t1"}""", HttpStatusCode.BadRequest, Malformed);

        // Reason codes, notes, and dates beyond the clock skew allowed (5 minutes)
        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        yield return new("POST", $"{stock}/adjustments", Json, """{"delta":1,"reason":"broken","operationId":"a1"}""", HttpStatusCode.BadRequest, Validation, "reason");
        yield return new("POST", $"{stock}/adjustments", Json, $$"""{"delta":1,"reason":"other","note":"{{new string('n', 501)}}","operationId":"a1"}""", HttpStatusCode.BadRequest, Validation, "note");
        yield return new("POST", $"{stock}/adjustments", Json, $$"""{"delta":1,"reason":"other","occurredAt":"{{future}}","operationId":"a1"}""", HttpStatusCode.BadRequest, Validation, "occurredAt");
        yield return new("POST", $"{stock}/receipts", Json, $$"""{"quantity":1,"occurredAt":"{{future}}","operationId":"r1"}""", HttpStatusCode.BadRequest, Validation, "occurredAt");
        yield return new("POST", $"{stock}/returns", Json, $$"""{"quantity":1,"restock":true,"occurredAt":"{{future}}","operationId":"t1"}""", HttpStatusCode.BadRequest, Validation, "occurredAt");
        yield return new("PUT", stock, Json, $$"""{"onHand":5,"asOf":"{{future}}"}""", HttpStatusCode.BadRequest, Validation, "asOf");
        yield return new("POST", "/v1/stock/counts", Json, $$"""{"asOf":"{{future}}","counts":[{"location":"{{Location}}","sku":"{{sku}}","onHand":1}]}""", HttpStatusCode.BadRequest, Validation, "asOf");
        yield return new("POST", "/v1/stock/counts", Json, $$"""{"counts":[{"location":"{{Location}}","sku":"{{sku}}","onHand":1,"asOf":"{{future}}"}]}""", HttpStatusCode.BadRequest, Validation, "counts[0].asOf");

        // Movements and shortfalls queries
        foreach (var (query, field) in new[] { ("after=-1", "after"), ("after=abc", "after"), ("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"), ("latest=maybe", "latest") })
        {
            yield return new("GET", $"{stock}/movements?{query}", null, null, HttpStatusCode.BadRequest, Validation, field);
        }

        foreach (var (query, field) in new[] { ("after=no-slash", "after"), ("after=a/b%20c", "after"), ("limit=0", "limit"), ("limit=1000", "limit"), ("location=bad%20loc", "location") })
        {
            yield return new("GET", $"/v1/stock/shortfalls?{query}", null, null, HttpStatusCode.BadRequest, Validation, field);
        }

        // Reservations
        yield return new("POST", "/v1/reservations", Json, Reserve(""), HttpStatusCode.BadRequest, Validation, "lines");
        yield return new("POST", "/v1/reservations", Json, """{"reservationId":"bad-1"}""", HttpStatusCode.BadRequest, Validation, "lines");
        yield return new("POST", "/v1/reservations", Json, Reserve($$"""{"sku":"{{sku}}","location":"{{Location}}","quantity":0}"""), HttpStatusCode.BadRequest, Validation, "lines[0].quantity");
        yield return new("POST", "/v1/reservations", Json, Reserve($$"""{"sku":"{{sku}}","location":"{{Location}}","quantity":-5}"""), HttpStatusCode.BadRequest, Validation, "lines[0].quantity");
        yield return new("POST", "/v1/reservations", Json, Reserve($$"""{"sku":"{{sku}}","location":"{{Location}}","quantity":2147483648}"""), HttpStatusCode.BadRequest, Validation, "lines[0].quantity");
        yield return new("POST", "/v1/reservations", Json, Reserve($$"""{"location":"{{Location}}","quantity":1}"""), HttpStatusCode.BadRequest, Validation, "lines[0].sku");
        yield return new("POST", "/v1/reservations", Json, Reserve($$"""{"sku":"a b","location":"{{Location}}","quantity":1}"""), HttpStatusCode.BadRequest, Validation, "lines[0].sku");
        yield return new("POST", "/v1/reservations", Json, Reserve($"{line},{line}"), HttpStatusCode.BadRequest, Validation, "lines[1]");
        yield return new("POST", "/v1/reservations", Json, Reserve($"{line},null"), HttpStatusCode.BadRequest, Validation, "lines[1]");
        yield return new("POST", "/v1/reservations", Json, Reserve(line, ""","ttlSeconds":0"""), HttpStatusCode.BadRequest, Validation, "ttlSeconds");
        yield return new("POST", "/v1/reservations", Json, Reserve(line, ""","ttlSeconds":999999"""), HttpStatusCode.BadRequest, Validation, "ttlSeconds");
        yield return new("POST", "/v1/reservations", Json, $$"""{"reservationId":"{{new string('i', 65)}}","lines":[{{line}}]}""", HttpStatusCode.BadRequest, Validation, "reservationId");
        yield return new("POST", "/v1/reservations", Json, Reserve(string.Join(',', Enumerable.Range(0, 101).Select(i => $$"""{"sku":"s{{i}}","location":"{{Location}}","quantity":1}"""))), HttpStatusCode.BadRequest, Validation, "lines");
        yield return new("POST", "/v1/reservations", Json, """{"reservationId":"bad-1","lines":{}}""", HttpStatusCode.BadRequest, Malformed);
        yield return new("POST", "/v1/reservations", Json, """{"reservationId":"bad-1","lines":[""", HttpStatusCode.BadRequest, Malformed);
        yield return new("POST", "/v1/reservations", "application/xml", "<lines/>", HttpStatusCode.UnsupportedMediaType, "urn:inventory:problem:unsupported-media-type");
        yield return new("POST", "/v1/reservations/bad-1/extend", Json, """{"ttlSeconds":-1}""", HttpStatusCode.BadRequest, Validation, "ttlSeconds");
        yield return new("POST", "/v1/reservations/bad-1/commit", Json, """{}""", HttpStatusCode.BadRequest, Validation, "orderId");
        yield return new("POST", "/v1/reservations/bad-1/commit", Json, """{"orderId":"line\nbreak"}""", HttpStatusCode.BadRequest, Validation, "orderId");

        // Unknown routes and methods
        yield return new("GET", "/v1/nothing-here", null, null, HttpStatusCode.NotFound, "urn:inventory:problem:route-not-found");
        yield return new("PATCH", stock, Json, "{}", HttpStatusCode.MethodNotAllowed, "urn:inventory:problem:method-not-allowed");
        yield return new("DELETE", stock, null, null, HttpStatusCode.MethodNotAllowed, "urn:inventory:problem:method-not-allowed");
    }

    [Fact]
    public async Task EveryMalformedRequestGetsAProblemAndChangesNothing()
    {
        var sku = await _http.SeedAsync(Location, 10);
        var before = await _http.StockAsync(Location, sku);
        var failures = new List<string>();

        foreach (var c in Cases(sku))
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
            if (c.Body is not null)
            {
                request.Content = new StringContent(c.Body, Encoding.UTF8);
                request.Content.Headers.ContentType = c.ContentType is null ? null : new(c.ContentType);
            }

            using var response = await _http.SendAsync(request);
            var body = await ApiClient.ReadAsync(response);
            var type = body.ValueKind == System.Text.Json.JsonValueKind.Object && body.TryGetProperty("type", out var t) ? t.GetString() : null;
            var fieldNamed = c.Field is null || (body.TryGetProperty("errors", out var errors) && errors.TryGetProperty(c.Field, out _));
            if (response.StatusCode != c.Status || type != c.Type || !fieldNamed
                || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{c}: got {(int)response.StatusCode} {type} {body}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(before.ToString(), (await _http.StockAsync(Location, sku)).ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _http.SendJsonAsync(HttpMethod.Get, "/v1/reservations/bad-1")).Status);
    }
}
