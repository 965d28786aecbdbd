using System.Diagnostics;
using System.Globalization;
using System.Text;
using Inventory.Bench.Hosting;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Http;

/// <summary>
/// A load driven by wrk (a C load generator) when it is installed: it costs far less CPU per request than any .NET
/// client, so on a small machine it shows how much of the C# driver's number is the driver. The caller's Lua defines
/// the requests; the driver adds a random seed per thread and a machine-readable summary.
/// </summary>
public sealed class WrkDriver(string wrk, Uri target, int threads, int connections, string workDirectory)
{
    private const string ResultPrefix = "WRKRESULT";

    /// <summary>How the load was generated, for the report.</summary>
    public string Description => $"wrk, {Threads} thread{(Threads == 1 ? "" : "s")}, {connections} connections";

    private int Threads => Math.Min(threads, connections);

    /// <summary>The wrk executable on PATH, or null.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wrk"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>A Lua table of <see cref="BenchApiKey.Header"/> and any further headers, as <c>local headers = { … }</c>.</summary>
    public static string HeadersLua(BenchApiKey apiKey, params (string Name, string Value)[] more)
    {
        // The key is random per run and base64url, so it needs no escaping inside a Lua string.
        var lua = new StringBuilder("local headers = { [\"").Append(BenchApiKey.Header).Append("\"] = \"").Append(apiKey.Key).Append('"');
        foreach (var (name, value) in more)
        {
            lua.Append(", [\"").Append(name).Append("\"] = \"").Append(value).Append('"');
        }

        return lua.AppendLine(" }").ToString();
    }

    /// <param name="requests">
    /// Lua that defines <c>request()</c>, and optionally <c>prepare()</c>: called once per thread after the random seed
    /// is set and wrk's own defaults (the Host header) are in place, e.g. to format every request once.
    /// </param>
    /// <param name="warmup">A first, unmeasured wrk run.</param>
    /// <param name="duration">The measured run.</param>
    /// <param name="cpu">Samples CPU use around the measured run.</param>
    /// <param name="cancellation">Stops wrk.</param>
    public async Task<WrkResult> RunAsync(string requests, TimeSpan warmup, TimeSpan duration, Func<CpuSnapshot> cpu, CancellationToken cancellation)
    {
        var script = Path.Combine(workDirectory, $"wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(requests), cancellation);
        long warmupRequests = 0;
        if (warmup > TimeSpan.Zero)
        {
            warmupRequests = Values(await RunWrkAsync(warmup, script, cancellation))["requests"];
        }

        var cpuAtStart = cpu();
        var values = Values(await RunWrkAsync(duration, script, cancellation));
        var cpuWindow = cpu().Since(cpuAtStart);

        var socketErrors = values["connect"] + values["read"] + values["write"] + values["timeout"];
        var statusErrors = values["status"];
        var errors = new List<string>();
        if (statusErrors > 0)
        {
            errors.Add($"{statusErrors} answers not 2xx/3xx");
        }

        if (socketErrors > 0)
        {
            errors.Add($"socket errors: connect {values["connect"]}, read {values["read"]}, write {values["write"]}, timeout {values["timeout"]}");
        }

        // wrk's latency covers every answer (errors included) and has microsecond resolution.
        static double Ms(long microseconds) => microseconds / 1000.0;
        var latency = new LatencySummary((int)Math.Min(int.MaxValue, values["requests"]), Ms(values["mean_us"]), Ms(values["p50_us"]), Ms(values["p90_us"]),
            Ms(values["p99_us"]), Ms(values["p999_us"]), Ms(values["max_us"]));
        return new WrkResult(values["requests"], statusErrors, socketErrors, TimeSpan.FromMicroseconds(values["duration_us"]), latency, errors, warmupRequests)
        {
            Cpu = cpuWindow,
        };
    }

    private static Dictionary<string, long> Values(string output)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("wrk printed no result line:\n" + output);
        return line[ResultPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(kv => kv.Split('='))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
    }

    private async Task<string> RunWrkAsync(TimeSpan duration, string script, CancellationToken cancellation)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(wrk,
            ["-t", Threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", seconds + "s",
             "--timeout", "10s", "-s", script, target.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start wrk");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
            var stderr = process.StandardError.ReadToEndAsync(cancellation);
            await process.WaitForExitAsync(cancellation);
            return process.ExitCode == 0
                ? await stdout
                : throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static string Script(string requests)
    {
        var lua = new StringBuilder();
        lua.AppendLine("-- Generated by Inventory.Bench.");
        lua.AppendLine(requests);
        lua.AppendLine("""
            local counter = 0
            function setup(thread)
              counter = counter + 1
              thread:set("id", counter)
            end
            function init(args)
              math.randomseed(os.time() * 1000 + id)
              if prepare then prepare() end
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format(
                "WRKRESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d mean_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
                summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
                math.floor(latency.mean), latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max))
            end
            """);
        return lua.ToString();
    }
}
