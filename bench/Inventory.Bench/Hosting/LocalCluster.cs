using System.Globalization;

namespace Inventory.Bench.Hosting;

/// <summary>
/// One standalone silo (localhost membership, SQLite in a fresh data folder) and N API nodes in client mode
/// connected to its gateway, all on free loopback ports, under a cluster/service id of their own.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    // Anonymous by design (the dashboard needs a key outside Development); ready means the process takes grain calls.
    private const string ReadinessPath = "/health/ready";

    private readonly ProcessLauncher _launcher;
    private readonly string _dataDirectory;

    private LocalCluster(ProcessLauncher launcher, string dataDirectory, string clusterId, BenchApiKey apiKey, LaunchedProcess silo, IReadOnlyList<LaunchedProcess> apis)
    {
        ApiKey = apiKey;
        _launcher = launcher;
        _dataDirectory = dataDirectory;
        ClusterId = clusterId;
        Silo = silo;
        Apis = apis;
    }

    public string ClusterId { get; }

    /// <summary>The key every request of the run must carry.</summary>
    public BenchApiKey ApiKey { get; }

    public LaunchedProcess Silo { get; }
    public IReadOnlyList<LaunchedProcess> Apis { get; }
    public string LogDirectory => _launcher.LogDirectory;

    /// <summary>Starts the silo, waits until it is ready, then starts the API nodes and waits for them.</summary>
    public static async Task<LocalCluster> StartAsync(string root, int apiNodes, string workDirectory, CancellationToken cancellation)
    {
        var siloDll = RepositoryRoot.ReleaseDll(root, "Inventory.Silo");
        var apiDll = RepositoryRoot.ReleaseDll(root, "Inventory.Api");
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var dataDirectory = Directory.CreateDirectory(Path.Combine(workDirectory, "data")).FullName;
        var launcher = new ProcessLauncher(Path.Combine(workDirectory, "logs"));
        try
        {
            var apiKey = BenchApiKey.New();
            var common = new Dictionary<string, string>(apiKey.Environment())
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Inventory__Cluster__ClusterId"] = clusterId,
                ["Inventory__Cluster__ServiceId"] = clusterId,
                // Request logging would cost the servers more than the reads being measured.
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            };
            var gatewayPort = LoopbackPorts.Next();
            var silo = launcher.Start("silo", siloDll, LoopbackPorts.Next(), new Dictionary<string, string>(common)
            {
                ["Inventory__Storage__DataDirectory"] = dataDirectory,
                ["Inventory__Cluster__SiloPort"] = Text(LoopbackPorts.Next()),
                ["Inventory__Cluster__GatewayPort"] = Text(gatewayPort),
            });
            await silo.WaitUntilReadyAsync(ReadinessPath, StartTimeout, cancellation);

            var apis = Enumerable.Range(0, apiNodes).Select(i => launcher.Start($"api-{(char)('a' + i)}", apiDll, LoopbackPorts.Next(), new Dictionary<string, string>(common)
            {
                ["Inventory__Api__Mode"] = "Client",
                ["Inventory__Api__Gateways__0"] = $"localhost:{gatewayPort}",
            })).ToList();
            await Task.WhenAll(apis.Select(a => a.WaitUntilReadyAsync(ReadinessPath, StartTimeout, cancellation)));
            return new LocalCluster(launcher, dataDirectory, clusterId, apiKey, silo, apis);
        }
        catch
        {
            await launcher.DisposeAsync();
            TryDelete(dataDirectory);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _launcher.DisposeAsync();
        TryDelete(_dataDirectory);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
