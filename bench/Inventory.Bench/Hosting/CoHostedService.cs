using System.Globalization;

namespace Inventory.Bench.Hosting;

/// <summary>
/// The service as one process: the API with a co-hosted silo (localhost membership) on PostgreSQL storage. For a
/// one-silo benchmark this is the fastest shape: checkout calls reach the grains without a gateway hop. It can be
/// restarted on the same database, so what is read afterwards is what was stored.
/// </summary>
public sealed class CoHostedService : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private const string ReadinessPath = "/health/ready";

    private readonly ProcessLauncher _launcher;
    private readonly string _dll;
    private readonly Dictionary<string, string> _environment;
    private int _starts;

    private CoHostedService(ProcessLauncher launcher, string dll, Dictionary<string, string> environment, BenchApiKey apiKey)
    {
        _launcher = launcher;
        _dll = dll;
        _environment = environment;
        ApiKey = apiKey;
    }

    public BenchApiKey ApiKey { get; }

    /// <summary>The running process (replaced by <see cref="RestartAsync"/>).</summary>
    public LaunchedProcess Process { get; private set; } = null!;

    public string LogDirectory => _launcher.LogDirectory;

    public static async Task<CoHostedService> StartAsync(string root, string postgres, string workDirectory, CancellationToken cancellation)
    {
        var apiKey = BenchApiKey.New();
        var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var environment = new Dictionary<string, string>(apiKey.Environment())
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Inventory__Api__Mode"] = "CoHosted",
            ["Inventory__Cluster__ClusterId"] = clusterId,
            ["Inventory__Cluster__ServiceId"] = clusterId,
            ["Inventory__Cluster__SiloPort"] = Text(LoopbackPorts.Next()),
            ["Inventory__Cluster__GatewayPort"] = Text(LoopbackPorts.Next()),
            ["Inventory__Storage__Provider"] = "PostgreSQL",
            ["Inventory__Storage__ConnectionString"] = postgres,
            // Request logging would cost the server more than the requests being measured.
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        var service = new CoHostedService(new ProcessLauncher(Path.Combine(workDirectory, "logs")), RepositoryRoot.ReleaseDll(root, "Inventory.Api"), environment, apiKey);
        try
        {
            await service.StartProcessAsync(cancellation);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the process gracefully and starts it again on the same database and ports.</summary>
    public async Task RestartAsync(CancellationToken cancellation)
    {
        await Process.StopAsync(TimeSpan.FromSeconds(20));
        await StartProcessAsync(cancellation);
    }

    public ValueTask DisposeAsync() => _launcher.DisposeAsync();

    private async Task StartProcessAsync(CancellationToken cancellation)
    {
        _starts++;
        Process = _launcher.Start(_starts == 1 ? "service" : $"service-{_starts}", _dll, LoopbackPorts.Next(), _environment);
        await Process.WaitUntilReadyAsync(ReadinessPath, StartTimeout, cancellation);
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
