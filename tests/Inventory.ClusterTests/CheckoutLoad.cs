using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Inventory.ClusterTests;

/// <summary>
/// Storefront checkouts against the API: reserve one pair, then commit a third of them, release a third and leave the
/// rest held. Records every answer (when its request was sent and how long the client waited for it) and every
/// reservation the API acknowledged, so a test can check afterwards that nothing acknowledged was lost and what a
/// shopper saw.
/// </summary>
public sealed class CheckoutLoad(HttpClient api, IReadOnlyList<string> skus, string location)
{
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>One request: sent at <see cref="At"/> on the load's clock, answered <see cref="Took"/> later.</summary>
    public sealed record Answer(TimeSpan At, TimeSpan Took, string Operation, HttpStatusCode Status, bool HasRetryAfter, string? ProblemType)
    {
        public TimeSpan AnsweredAt => At + Took;
    }

    /// <summary>A reservation the API acknowledged, and what was asked of it afterwards.</summary>
    public sealed record Acknowledged(string Id, string Sku, int Quantity)
    {
        public bool CommitSent { get; set; }
        public bool Committed { get; set; }
        public bool ReleaseSent { get; set; }
        public bool Released { get; set; }

        /// <summary>The statuses it may have now: what was acknowledged, or, for an unanswered request, either side.</summary>
        public IReadOnlyList<string> PossibleStatuses =>
            Committed ? ["committed"]
            : Released ? ["released"]
            : CommitSent ? ["held", "committed"]
            : ReleaseSent ? ["held", "released"]
            : ["held"];

        /// <summary>Its units must still be reserved or committed: no release of it can have taken effect.</summary>
        public bool MustBePromised => !ReleaseSent;
    }

    public ConcurrentDictionary<string, Acknowledged> Reservations { get; } = new();

    public IReadOnlyCollection<Answer> Answers => _answers;

    public TimeSpan Now => _clock.Elapsed;

    public async Task RunAsync(int workers, CancellationToken stop) =>
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => WorkAsync(w, stop)));

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var random = new Random(worker);
        while (!stop.IsCancellationRequested)
        {
            var id = $"load-{Guid.NewGuid():N}";
            var sku = skus[random.Next(skus.Count)];
            var quantity = random.Next(1, 3);
            var created = await SendAsync(HttpMethod.Post, "reserve", "/v1/reservations", new
            {
                reservationId = id,
                lines = new[] { new { sku, location, quantity } },
                ttlSeconds = 1800,
            });
            // 200 is the reservation as already stored: a create repeated after a failover that the first attempt placed.
            if (created is not (HttpStatusCode.Created or HttpStatusCode.OK))
            {
                continue;
            }

            var acknowledged = Reservations[id] = new Acknowledged(id, sku, quantity);
            switch (random.Next(3))
            {
                case 0:
                    acknowledged.CommitSent = true;
                    acknowledged.Committed = await SendAsync(HttpMethod.Post, "commit", $"/v1/reservations/{id}/commit", new { orderId = $"order-{id}" }) == HttpStatusCode.OK;
                    break;
                case 1:
                    acknowledged.ReleaseSent = true;
                    acknowledged.Released = await SendAsync(HttpMethod.Delete, "release", $"/v1/reservations/{id}", body: null) == HttpStatusCode.OK;
                    break;
            }
        }
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string operation, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        var at = _clock.Elapsed;
        try
        {
            using var response = await api.SendAsync(request);
            var took = _clock.Elapsed - at;
            string? type = null;
            if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
            {
                using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                type = problem.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
            }

            _answers.Enqueue(new Answer(at, took, operation, response.StatusCode, response.Headers.RetryAfter is not null, type));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            _answers.Enqueue(new Answer(at, _clock.Elapsed - at, operation, 0, false, "transport-error"));
            return 0;
        }
    }
}
