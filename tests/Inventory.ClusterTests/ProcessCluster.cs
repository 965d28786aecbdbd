namespace Inventory.ClusterTests;

/// <summary>
/// The production topology on this machine: N silo processes on Redis membership and PostgreSQL storage, and the
/// API as a separate client process. Each cluster has its own service id, so clusters never see each other's data.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Dictionary<string, string> _common;
    private readonly string _logs;

    private ProcessCluster(string name, int silos, IReadOnlyDictionary<string, string>? settings)
    {
        ServiceId = $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)];
        _logs = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "inventory-cluster-tests", ServiceId)).FullName;
        _common = new()
        {
            ["Inventory__Cluster__ClusterId"] = ServiceId,
            ["Inventory__Cluster__ServiceId"] = ServiceId,
            ["Inventory__Cluster__Membership"] = "Redis",
            ["Inventory__Cluster__Redis"] = TestServers.Redis,
            ["Inventory__Cluster__AdvertisedIPAddress"] = "127.0.0.1",
            ["Inventory__Storage__Provider"] = "PostgreSQL",
            ["Inventory__Storage__ConnectionString"] = TestServers.Postgres,
            // Small hold pages, so the failure tests also cover holds stored across several pages.
            ["Inventory__Stock__HoldPageSize"] = "8",
            // The tests' own load must not be shaped by the key's rate limit (AccessTests cover the limit itself).
            ["Inventory__Api__Auth__DefaultRequestsPerSecond"] = "1000000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _common[key] = value;
        }

        Silos = [.. Enumerable.Range(0, silos).Select(NewSilo)];
        Api = new ServiceProcess("api", "Inventory.Api", LoopbackPorts.Next(), new(_common) { ["Inventory__Api__Mode"] = "Client" }, _logs);
        Http = NewClient(Api);
    }

    public string ServiceId { get; }
    public List<ServiceProcess> Silos { get; }
    public List<ServiceProcess> ExtraApis { get; } = [];
    public ServiceProcess Api { get; }
    public HttpClient Http { get; }

    public static async Task<ProcessCluster> StartAsync(string name, int silos = 3, IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = new ProcessCluster(name, silos, settings);
        try
        {
            foreach (var silo in cluster.Silos)
            {
                silo.Start();
            }

            await Task.WhenAll(cluster.Silos.Select(s => s.WaitUntilReadyAsync(StartTimeout)));
            cluster.Api.Start();
            await cluster.Api.WaitUntilReadyAsync(StartTimeout);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo and waits until it has joined.</summary>
    public async Task<ServiceProcess> AddSiloAsync()
    {
        var silo = NewSilo(Silos.Count);
        Silos.Add(silo);
        silo.Start();
        await silo.WaitUntilReadyAsync(StartTimeout);
        return silo;
    }

    /// <summary>Starts one more API node (a client of the same cluster) and returns a client for it.</summary>
    public async Task<HttpClient> AddApiAsync()
    {
        var api = new ServiceProcess($"api-{ExtraApis.Count + 1}", "Inventory.Api", LoopbackPorts.Next(), new(_common) { ["Inventory__Api__Mode"] = "Client" }, _logs);
        ExtraApis.Add(api);
        api.Start();
        await api.WaitUntilReadyAsync(StartTimeout);
        return NewClient(api);
    }

    public string Describe() => $"cluster {ServiceId}, logs in {_logs}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Api.DisposeAsync();
        foreach (var api in ExtraApis)
        {
            await api.DisposeAsync();
        }

        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }

    private ServiceProcess NewSilo(int index) => new($"silo-{index}", "Inventory.Silo", LoopbackPorts.Next(), new(_common)
    {
        ["Inventory__Cluster__SiloPort"] = LoopbackPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Inventory__Cluster__GatewayPort"] = LoopbackPorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    }, _logs);

    // The processes run as Development, whose documented dev-admin key carries every role. A 429 is waited out, so
    // no check depends on how many requests the machine managed to make.
    private static HttpClient NewClient(ServiceProcess api)
    {
        var http = new HttpClient(new RateLimitRespectingHandler()) { BaseAddress = new Uri($"http://127.0.0.1:{api.HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", DevelopmentKeys.Admin);
        return http;
    }
}
