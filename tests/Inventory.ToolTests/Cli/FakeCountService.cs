using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Inventory.ToolTests.Cli;

/// <summary>
/// <c>POST /v1/stock/counts</c> as the API answers it, in memory: a count newer than the pair's last is applied, any
/// other is <c>stale</c>. <see cref="Fault"/> decides per request whether to answer, fail before applying, or apply and
/// lose the answer (the connection drops on the way back).
/// </summary>
public sealed class FakeCountService : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string), DateTimeOffset> _lastCount = [];
    private readonly Dictionary<(string, string), int> _applied = [];
    private readonly List<IReadOnlyList<string>> _requests = [];

    /// <summary>Given the request's number (from 1), what goes wrong with it.</summary>
    public Func<int, FakeFault> Fault { get; set; } = _ => FakeFault.None;

    /// <summary>SKUs of each request received, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many times each pair's count was applied (must never exceed 1 for one count file).</summary>
    public IReadOnlyDictionary<(string Location, string Sku), int> Applied
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<(string, string), int>(_applied);
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var counts = body.GetProperty("counts").EnumerateArray().ToList();
        int number;
        lock (_gate)
        {
            _requests.Add([.. counts.Select(c => c.GetProperty("sku").GetString()!)]);
            number = _requests.Count;
        }

        var fault = Fault(number);
        if (fault == FakeFault.NoAnswer)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (fault == FakeFault.Unreachable)
        {
            throw new HttpRequestException("Connection refused (fake)");
        }

        if (fault is FakeFault.Unavailable or FakeFault.Unauthorized)
        {
            var status = fault == FakeFault.Unavailable ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.Unauthorized;
            var problem = new HttpResponseMessage(status)
            {
                Content = JsonContent.Create(new { type = $"urn:inventory:problem:{(fault == FakeFault.Unavailable ? "service-unavailable" : "unauthorized")}", title = "Refused", status = (int)status }),
            };
            problem.Headers.TryAddWithoutValidation("Retry-After", "7");
            return problem;
        }

        var results = new List<object>();
        lock (_gate)
        {
            foreach (var count in counts)
            {
                var key = (count.GetProperty("location").GetString()!, count.GetProperty("sku").GetString()!);
                var asOf = count.GetProperty("asOf").GetDateTimeOffset();
                var newer = !_lastCount.TryGetValue(key, out var last) || asOf > last;
                if (newer)
                {
                    _lastCount[key] = asOf;
                    _applied[key] = _applied.GetValueOrDefault(key) + 1;
                }

                results.Add(new { location = key.Item1, sku = key.Item2, outcome = newer ? "applied" : "stale", reason = (string?)null, version = 1 });
            }
        }

        if (fault == FakeFault.AnswerLost)
        {
            throw new HttpRequestException("Connection reset by peer (fake)");
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(new { applied = 0, ignored = 0, results }) };
    }
}

public enum FakeFault
{
    None,

    /// <summary>The request never reaches the service.</summary>
    Unreachable,

    /// <summary>The service applies the counts but the answer never arrives.</summary>
    AnswerLost,

    /// <summary>503 with Retry-After: 7, nothing applied.</summary>
    Unavailable,

    /// <summary>401, nothing applied.</summary>
    Unauthorized,

    /// <summary>No answer until the caller gives up.</summary>
    NoAnswer,
}
