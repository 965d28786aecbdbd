using System.Diagnostics;
using System.Net;

namespace Inventory.Bench.Hosting;

/// <summary>
/// The HTTP peer of <c>shared/peers/http-peer</c>: the small service a store would build instead, in front of
/// PostgreSQL, Redis or nothing, serving the API's reservation and count routes with the same bodies and status codes.
/// It runs as one process per store on a free loopback port and accepts only the run's API key.
/// </summary>
public sealed class HttpPeer
{
    /// <summary>The peer's folder under <c>shared/peers</c>.</summary>
    public const string FolderName = "http-peer";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private HttpPeer(string store, LaunchedProcess process)
    {
        Store = store;
        Process = process;
    }

    /// <summary><c>postgres</c>, <c>redis</c> or <c>none</c> (<c>PEER_STORE</c>).</summary>
    public string Store { get; }

    public LaunchedProcess Process { get; }

    /// <summary>
    /// Copies the peer's source into <paramref name="workDirectory"/> (shared/ is read-only) and builds it in Release
    /// there; returns its DLL. Restores Npgsql and StackExchange.Redis from NuGet the first time.
    /// </summary>
    public static async Task<string> BuildAsync(string source, string workDirectory, CancellationToken cancellation)
    {
        var copy = Directory.CreateDirectory(Path.Combine(workDirectory, FolderName)).FullName;
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)), overwrite: true);
        }

        var project = Directory.EnumerateFiles(copy, "*.csproj").SingleOrDefault()
            ?? throw new InvalidOperationException($"no single .csproj in {source}");
        var logPath = Path.Combine(workDirectory, "http-peer-build.log");
        var start = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q"])
        {
            WorkingDirectory = copy,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var build = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not run dotnet build");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(BuildTimeout);
        try
        {
            var output = build.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = build.StandardError.ReadToEndAsync(timeout.Token);
            await build.WaitForExitAsync(timeout.Token);
            await File.WriteAllTextAsync(logPath, await output + await errors, CancellationToken.None);
        }
        finally
        {
            if (!build.HasExited)
            {
                build.Kill(entireProcessTree: true);
            }
        }

        var dll = Path.Combine(copy, "bin", "Release", "net10.0", Path.GetFileNameWithoutExtension(project) + ".dll");
        return build.ExitCode == 0 && File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"building the HTTP peer failed (exit {build.ExitCode}); see {logPath}");
    }

    /// <param name="postgres">Npgsql connection string of its own database (store <c>postgres</c>).</param>
    /// <param name="redis">StackExchange.Redis configuration of its own server (store <c>redis</c>).</param>
    public static async Task<HttpPeer> StartAsync(
        ProcessLauncher launcher, string dll, string store, BenchApiKey apiKey, string? postgres, string? redis, CancellationToken cancellation)
    {
        var port = LoopbackPorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["PEER_STORE"] = store,
            ["PEER_URLS"] = $"http://127.0.0.1:{port}",
            ["PEER_API_KEY_SHA256"] = apiKey.Sha256,
        };
        if (postgres is not null)
        {
            environment["PEER_POSTGRES"] = postgres;
        }

        if (redis is not null)
        {
            environment["PEER_REDIS"] = redis;
        }

        var process = launcher.Start($"http-peer-{store}", dll, port, environment);

        // It has no health route: any HTTP answer (a 401 to the key-less probe) means it listens, and it opened its
        // store before listening.
        await process.WaitUntilReadyAsync("/v1/stock/probe/probe", StartTimeout, static response => response.StatusCode != HttpStatusCode.ServiceUnavailable, cancellation);
        return new HttpPeer(store, process);
    }
}
