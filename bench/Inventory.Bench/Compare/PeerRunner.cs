using System.Diagnostics;
using System.Globalization;

namespace Inventory.Bench.Compare;

/// <summary>
/// Runs the baseline scripts in <c>../shared/peers</c> (what a store would use instead): <c>pg_peer.sh</c> against the
/// run's private PostgreSQL, <c>redis_peer.sh</c> on a private redis-server of its own (on a free port).
/// </summary>
public sealed class PeerRunner(string peersDirectory, int postgresPort, int redisPort, string pgMode, string redisAof, string logPath)
{
    /// <summary>
    /// Where the peers live: <c>shared/peers</c> above the checkout being measured, or else above the working directory
    /// or this tool (a <c>--root</c> checkout elsewhere, e.g. an older commit in a temp folder, has none above it).
    /// </summary>
    public static string? FindDirectory(string root, string? given)
    {
        if (given is not null)
        {
            return Directory.Exists(given) ? Path.GetFullPath(given) : throw new Cli.UsageException($"--peers {given} does not exist");
        }

        foreach (var origin in new[] { root, Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(origin)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "peers");
                if (File.Exists(Path.Combine(candidate, "pg_peer.sh")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public string Describe(string peer) => peer == "pg" ? $"pgbench on PostgreSQL (pg_peer.sh, PG_MODE={pgMode})" : $"redis-benchmark on Redis (redis_peer.sh, REDIS_AOF={redisAof})";

    public async Task<PeerResult> RunAsync(string peer, string workload, int clients, int durationSeconds, CancellationToken cancellation)
    {
        var script = Path.Combine(peersDirectory, peer == "pg" ? "pg_peer.sh" : "redis_peer.sh");
        var start = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["WORKLOAD"] = workload;
        start.Environment["CLIENTS"] = clients.ToString(CultureInfo.InvariantCulture);
        start.Environment["DURATION"] = durationSeconds.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGHOST"] = "127.0.0.1";
        start.Environment["PGPORT"] = postgresPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = "postgres";
        start.Environment["PGPASSWORD"] = "";
        start.Environment["PG_MODE"] = pgMode;
        start.Environment["REDIS_PORT"] = redisPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["REDIS_AOF"] = redisAof;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
            var stderr = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            var output = await stdout;
            var errors = await stderr;
            await File.AppendAllTextAsync(logPath, $"--- {peer} WORKLOAD={workload} CLIENTS={clients} DURATION={durationSeconds} exit {process.ExitCode}\n{output}{errors}\n", CancellationToken.None);
            var line = output.Split('\n').LastOrDefault(l => l.StartsWith("peer=", StringComparison.Ordinal));
            return line is not null && process.ExitCode == 0
                ? PeerResult.Parse(line)
                : throw new InvalidOperationException($"{Path.GetFileName(script)} WORKLOAD={workload} CLIENTS={clients} failed (exit {process.ExitCode}): {errors.Trim()}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
