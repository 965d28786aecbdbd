using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Inventory.Cli.Hosting;
using Inventory.Cli.Http;

namespace Inventory.Cli.Counts;

/// <summary>
/// Sends valid counts to <c>POST /v1/stock/counts</c> in files of up to <see cref="MaxFileSize"/>, a few files in
/// flight, and sums up the answers. A file the service answers in full is recorded in the journal. A file still
/// unanswered after the client's retries (503s) is counted unanswered and the import goes on; if the service cannot
/// be reached or refuses the key, no further file is started. Safe to repeat: a count the service already has is answered
/// <c>stale</c> and changes nothing.
/// </summary>
public sealed class CountImport(InventoryClient client, ImportJournal journal, int filesInFlight)
{
    /// <summary>Most counts the API takes in one request.</summary>
    public const int MaxFileSize = 1_000;

    public const string Route = "v1/stock/counts";

    private readonly Lock _gate = new();
    private readonly List<CountFailure> _failures = [];
    private int _applied;
    private int _stale;
    private int _failed;
    private int _unanswered;
    private int _sent;
    private CliException? _stop;
    private string? _lastUnanswered;

    /// <param name="file">The count file's name, for the summary.</param>
    /// <param name="counts">Every valid count of the file.</param>
    /// <param name="fileSize">Counts per request.</param>
    /// <param name="onFile">Called as each request is answered (from several threads one at a time).</param>
    /// <param name="cancellationToken">Stops starting files and abandons those in flight.</param>
    public async Task<ImportSummary> RunAsync(
        string file, IReadOnlyList<CountLine> counts, int fileSize, Action<FileReport> onFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (fileSize is < 1 or > MaxFileSize)
        {
            throw new ArgumentOutOfRangeException(nameof(fileSize), fileSize, $"must be 1 to {MaxFileSize}");
        }

        var started = Stopwatch.GetTimestamp();
        var pending = counts.Where(c => !journal.DoneLines.Contains(c.Line)).ToList();
        var skipped = counts.Count - pending.Count;

        using var gate = new SemaphoreSlim(filesInFlight);
        var running = new List<Task>();
        var interrupted = false;
        try
        {
            foreach (var chunk in pending.Chunk(fileSize))
            {
                await gate.WaitAsync(cancellationToken);
                if (Volatile.Read(ref _stop) is not null)
                {
                    gate.Release();
                    break;
                }

                Interlocked.Add(ref _sent, chunk.Length);
                running.Add(SendAsync(chunk, onFile, gate, cancellationToken));
            }

            await Task.WhenAll(running);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            interrupted = true;
            await Task.WhenAll(running.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }

        // Files in flight catch their own cancellation, so the loop may end normally after an interruption.
        interrupted |= cancellationToken.IsCancellationRequested;
        var notSent = pending.Count - _sent;
        var stop = interrupted ? new CliException(ExitCodes.Interrupted, "Interrupted.") : _stop;
        var exitCode = stop?.ExitCode ?? (_unanswered > 0 ? ExitCodes.Unavailable : _failed > 0 ? ExitCodes.Failed : ExitCodes.Ok);
        return new ImportSummary(
            file, counts.Count, _applied, _stale, skipped, _failed, _unanswered, notSent, Stopwatch.GetElapsedTime(started).TotalSeconds,
            stop?.Message, _lastUnanswered ?? (_unanswered > 0 ? stop?.Message : null), [.. _failures.OrderBy(f => f.Line)])
        {
            ExitCode = exitCode,
        };
    }

    private async Task SendAsync(CountLine[] chunk, Action<FileReport> onFile, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        try
        {
            // Off the loop's thread, so the next file starts while this one is being sent.
            await Task.Yield();
            var report = await SendFileAsync(chunk, cancellationToken);
            lock (_gate)
            {
                onFile(report);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Unanswered(chunk);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<FileReport> SendFileAsync(CountLine[] chunk, CancellationToken cancellationToken)
    {
        var body = new CountFileBody([.. chunk.Select(c => new CountBody(c.Location, c.Sku, c.OnHand, c.SafetyStock, c.AsOf))]);
        ApiResponse response;
        try
        {
            response = await client.SendAsync(HttpMethod.Post, Route, body, cancellationToken);
        }
        catch (CliException e)
        {
            Stop(e);
            return Unanswered(chunk);
        }

        if (response.Problem is { } problem)
        {
            if (problem.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                Stop(new CliException(problem.ExitCode, problem.Message, problem));
            }

            if (problem.ExitCode == ExitCodes.Unavailable)
            {
                _lastUnanswered = problem.Message;
                return Unanswered(chunk);
            }

            return Fail(chunk, problem.Message);
        }

        return Settle(chunk, response.Json);
    }

    /// <summary>Counts each result; records the file in the journal when every count is applied or already was.</summary>
    private FileReport Settle(CountLine[] chunk, JsonElement? json)
    {
        if (json is not { ValueKind: JsonValueKind.Object } answer || !answer.TryGetProperty("results", out var results)
            || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() != chunk.Length)
        {
            return Fail(chunk, "the service's answer does not list one result per count");
        }

        int applied = 0, stale = 0;
        var failures = new List<CountFailure>();
        var i = 0;
        foreach (var result in results.EnumerateArray())
        {
            var count = chunk[i++];
            var outcome = result.TryGetProperty("outcome", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            switch (outcome)
            {
                case "applied":
                    applied++;
                    break;
                case "stale":
                    stale++;
                    break;
                default:
                    var reason = result.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                    failures.Add(new CountFailure(count.Line, count.Location, count.Sku, $"{outcome ?? "no outcome"}{(reason is null ? "" : ": " + reason)}"));
                    break;
            }
        }

        if (failures.Count == 0)
        {
            journal.Record(chunk, applied, stale);
        }

        lock (_gate)
        {
            _applied += applied;
            _stale += stale;
            _failed += failures.Count;
            _failures.AddRange(failures);
        }

        return new FileReport(chunk[0].Line, chunk[^1].Line, chunk.Length, applied, stale, failures.Count);
    }

    private FileReport Fail(CountLine[] chunk, string reason)
    {
        lock (_gate)
        {
            _failed += chunk.Length;
            _failures.AddRange(chunk.Select(c => new CountFailure(c.Line, c.Location, c.Sku, reason)));
        }

        return new FileReport(chunk[0].Line, chunk[^1].Line, chunk.Length, 0, 0, chunk.Length);
    }

    private FileReport Unanswered(CountLine[] chunk)
    {
        Interlocked.Add(ref _unanswered, chunk.Length);
        return new FileReport(chunk[0].Line, chunk[^1].Line, chunk.Length, 0, 0, 0, chunk.Length);
    }

    private void Stop(CliException reason) => Interlocked.CompareExchange(ref _stop, reason, null);

    private sealed record CountFileBody(IReadOnlyList<CountBody> Counts);

    private sealed record CountBody(string Location, string Sku, long OnHand, long? SafetyStock, DateTimeOffset AsOf);
}
