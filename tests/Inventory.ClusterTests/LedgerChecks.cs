using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;

namespace Inventory.ClusterTests;

/// <summary>
/// What the movement ledger must show after a run on PostgreSQL: each acknowledged change exactly once, and
/// <c>Inventory.Silo verify</c> (run as ops run it) finding no pair whose movements do not chain.
/// </summary>
public static class LedgerChecks
{
    /// <summary>Runs <c>Inventory.Silo verify</c> against <paramref name="connectionString"/> for <paramref name="serviceId"/>.</summary>
    public static async Task<(int ExitCode, string Output)> VerifyAsync(string connectionString, string serviceId)
    {
        var silo = Path.Combine(Repository.Root, "src", "Inventory.Silo");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(silo, "bin", Repository.Configuration, "net10.0", "Inventory.Silo.dll"), "verify"])
        {
            WorkingDirectory = silo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Inventory__Storage__Provider"] = "PostgreSQL";
        start.Environment["Inventory__Storage__ConnectionString"] = connectionString;
        start.Environment["Inventory__Cluster__ServiceId"] = serviceId;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(await errors == "", $"verify wrote to stderr: {await errors}");
        return (process.ExitCode, await output);
    }

    /// <summary>How many movements of each kind name each reference, for the pairs of <paramref name="serviceId"/>.</summary>
    public static async Task<Dictionary<(string Reference, string Kind), long>> MovementsByReferenceAsync(string serviceId)
    {
        await using var connection = new NpgsqlConnection(TestServers.PostgresForTests);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT reference, kind, COUNT(*) FROM inventory_stock_movements WHERE service = @service AND reference IS NOT NULL GROUP BY reference, kind", connection);
        command.Parameters.AddWithValue("service", serviceId);
        var counts = new Dictionary<(string, string), long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
        }

        return counts;
    }

    /// <summary>
    /// Every acknowledged commit and receipt has exactly one movement, none has two, and verify reports 0 broken pairs.
    /// </summary>
    public static async Task EveryAcknowledgedChangeHasExactlyOneMovementAsync(ProcessCluster cluster, CheckoutLoad load, Receipts receipts)
    {
        var movements = await MovementsByReferenceAsync(cluster.ServiceId);
        var repeated = movements.Where(m => m.Value > 1).Select(m => $"{m.Key.Kind} {m.Key.Reference} ×{m.Value}").ToList();
        Assert.True(repeated.Count == 0, $"changes recorded more than once: {string.Join(", ", repeated.Take(10))}");
        var committed = load.Reservations.Values.Where(r => r.Committed).Select(r => r.Id).ToList();
        var missingCommits = committed.Where(id => !movements.ContainsKey((id, "Commit"))).ToList();
        Assert.True(missingCommits.Count == 0, $"{missingCommits.Count} of {committed.Count} acknowledged commits have no movement: {string.Join(", ", missingCommits.Take(10))}");
        var missingReceipts = receipts.Acknowledged.Where(id => !movements.ContainsKey((id, "Receipt"))).ToList();
        Assert.True(missingReceipts.Count == 0, $"{missingReceipts.Count} of {receipts.Acknowledged.Count} acknowledged receipts have no movement");
        Assert.True(committed.Count > 0 && !receipts.Acknowledged.IsEmpty, "the run acknowledged no commit or no receipt: nothing was checked");

        var (exitCode, output) = await VerifyAsync(TestServers.Postgres, cluster.ServiceId);
        Assert.True(exitCode == 0 && output.Contains(": 0 broken.", StringComparison.Ordinal), $"verify exited {exitCode}: {output}");
    }

    /// <summary>
    /// A warehouse feed posting receipts of one unit, each under its own operation id, repeated with the same id until
    /// acknowledged (as a feed does after a 503 or a lost answer).
    /// </summary>
    public sealed class Receipts(HttpClient api, IReadOnlyList<string> skus, string location)
    {
        public ConcurrentBag<string> Acknowledged { get; } = [];

        public async Task RunAsync(CancellationToken stop)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var operationId = $"rcv-{Guid.NewGuid():N}";
                var sku = skus[i % skus.Count];
                while (true)
                {
                    try
                    {
                        using var response = await api.PostAsJsonAsync(new Uri($"/v1/stock/{location}/{sku}/receipts", UriKind.Relative),
                            new { quantity = 1, operationId }, CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Acknowledged.Add(operationId);
                            break;
                        }

                        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"a receipt was answered {(int)response.StatusCode}");
                    }
                    catch (HttpRequestException)
                    {
                        // The answer was lost: the same operation id again changes nothing twice.
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                }
            }
        }
    }
}
