using System.Net;
using System.Text.Json;

namespace Inventory.ClusterTests;

/// <summary>What must hold after every failure: clean answers only, nothing acknowledged lost, nothing oversold.</summary>
public static class ClusterChecks
{
    public const string Location = "WH-CLUSTER";

    public static async Task<string[]> SeedAsync(HttpClient api, int pairs, long onHand)
    {
        var skus = Enumerable.Range(0, pairs).Select(i => $"SKU-{i:D3}").ToArray();
        foreach (var sku in skus)
        {
            using var response = await PutJsonAsync(api, $"/v1/stock/{Location}/{sku}", new { onHand, asOf = DateTimeOffset.UtcNow });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return skus;
    }

    /// <summary>Every answer is a success, an honest "no stock" (409), or a 503 with Retry-After: never a 500, never a dropped connection.</summary>
    public static void OnlyCleanAnswers(IEnumerable<CheckoutLoad.Answer> answers)
    {
        var unclean = answers.Where(a => a.Status switch
        {
            HttpStatusCode.OK or HttpStatusCode.Created => false,
            HttpStatusCode.Conflict => a.ProblemType != "urn:inventory:problem:insufficient-stock",
            HttpStatusCode.ServiceUnavailable => !a.HasRetryAfter || a.ProblemType != "urn:inventory:problem:service-unavailable",
            _ => true,
        }).Take(10).ToList();
        Assert.True(unclean.Count == 0, "Unclean answers: " + string.Join("; ", unclean));
    }

    /// <summary>
    /// Every reservation the API acknowledged is there with its exact line, committed or released if that was
    /// acknowledged, and held otherwise (or as asked, when the request that asked got no answer).
    /// </summary>
    public static async Task AcknowledgedReservationsAreIntactAsync(HttpClient api, CheckoutLoad load)
    {
        var problems = new List<string>();
        await Parallel.ForEachAsync(load.Reservations.Values, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (expected, cancellation) =>
        {
            using var response = await api.GetAsync(new Uri($"/v1/reservations/{expected.Id}", UriKind.Relative), cancellation);
            var text = await response.Content.ReadAsStringAsync(cancellation);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                lock (problems) { problems.Add($"{expected.Id}: {(int)response.StatusCode} {text}"); }
                return;
            }

            var body = JsonDocument.Parse(text).RootElement;
            var line = body.GetProperty("lines")[0];
            var status = body.GetProperty("status").GetString();
            var linesMatch = body.GetProperty("lines").GetArrayLength() == 1
                && line.GetProperty("sku").GetString() == expected.Sku
                && line.GetProperty("location").GetString() == Location
                && line.GetProperty("quantity").GetInt32() == expected.Quantity;
            var statusMatches = expected.PossibleStatuses.Contains(status);
            if (!linesMatch || !statusMatches)
            {
                lock (problems) { problems.Add($"{expected.Id}: expected {expected}, got {text}"); }
            }
        });
        Assert.True(problems.Count == 0, $"{problems.Count} acknowledged reservations are not intact, e.g. " + string.Join("; ", problems.Take(5)));
    }

    /// <summary>reserved + committed never exceeds onHand, and covers at least what was acknowledged and not released.</summary>
    public static async Task NothingIsOversoldAsync(HttpClient api, IEnumerable<string> skus, CheckoutLoad load)
    {
        foreach (var sku in skus)
        {
            var stock = await GetStockAsync(api, sku);
            var promised = stock.GetProperty("reserved").GetInt64() + stock.GetProperty("committed").GetInt64();
            var acknowledged = load.Reservations.Values.Where(r => r.Sku == sku && r.MustBePromised).Sum(r => (long)r.Quantity);
            Assert.True(promised <= stock.GetProperty("onHand").GetInt64(), $"{sku} oversold: {stock}");
            Assert.True(promised >= acknowledged, $"{sku} lost acknowledged holds: promised {promised} < acknowledged {acknowledged}: {stock}");
        }
    }

    public static async Task<JsonElement> GetStockAsync(HttpClient api, string sku)
    {
        using var response = await api.GetAsync(new Uri($"/v1/stock/{Location}/{sku}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>From <paramref name="since"/>, how long until the client got its last failed answer (zero if none failed).</summary>
    public static TimeSpan TimeToLastFailure(IEnumerable<CheckoutLoad.Answer> answers, TimeSpan since)
    {
        var failures = answers.Where(a => a.AnsweredAt >= since && a.Status is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict)).ToList();
        return failures.Count == 0 ? TimeSpan.Zero : failures.Max(a => a.AnsweredAt) - since;
    }

    /// <summary>
    /// What clients saw from <paramref name="since"/> on: every request still waiting then or sent later, the
    /// slowest of them (send to answer) and how many were answered 503.
    /// </summary>
    public static ClientView WhatClientsSaw(IEnumerable<CheckoutLoad.Answer> answers, TimeSpan since) =>
        View(answers.Where(a => a.AnsweredAt >= since));

    /// <summary>What clients saw of requests both sent and answered between <paramref name="from"/> and <paramref name="until"/>.</summary>
    public static ClientView WhatClientsSaw(IEnumerable<CheckoutLoad.Answer> answers, TimeSpan from, TimeSpan until) =>
        View(answers.Where(a => a.At >= from && a.AnsweredAt < until));

    private static ClientView View(IEnumerable<CheckoutLoad.Answer> answers)
    {
        var seen = answers.OrderByDescending(a => a.Took).ToList();
        return new ClientView(seen.Count, seen.Take(5).ToList(), seen.Count(a => a.Status == HttpStatusCode.ServiceUnavailable));
    }

    /// <summary>The requests answered around a disruption; <see cref="Slowest"/> holds the five slowest, slowest first.</summary>
    public sealed record ClientView(int Requests, IReadOnlyList<CheckoutLoad.Answer> Slowest, int Unavailable)
    {
        public TimeSpan Longest => Slowest.Count == 0 ? TimeSpan.Zero : Slowest[0].Took;

        public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Requests} requests, longest answer {Longest.TotalSeconds:0.000}s, {Unavailable} answered 503; slowest: {string.Join(", ", Slowest.Select(a => $"{a.Operation} sent at {a.At.TotalSeconds:0.000}s took {a.Took.TotalSeconds:0.000}s → {(int)a.Status}"))}");
    }

    public static string Summary(IReadOnlyCollection<CheckoutLoad.Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}"));

    public static Task<HttpResponseMessage> PutJsonAsync(HttpClient api, string url, object body) =>
        api.PutAsync(new Uri(url, UriKind.Relative), System.Net.Http.Json.JsonContent.Create(body));
}
