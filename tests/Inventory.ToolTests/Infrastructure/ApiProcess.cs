using System.Diagnostics;
using System.Globalization;

namespace Inventory.ToolTests.Infrastructure;

/// <summary>
/// The real API with its co-hosted silo, run from its build output as ops run it (<c>dotnet Inventory.Api.dll</c>),
/// in Development (its documented keys), on loopback ports, with its own SQLite folder; its log goes to a file.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ApiProcess(IReadOnlyDictionary<string, string> settings)
    {
        Port = LoopbackPorts.Next();
        LogPath = _folder.File("api.log");
        var dll = Repository.BuiltDll("Inventory.Api", "Inventory.Api");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Urls"] = Url.ToString();
        start.Environment["Inventory__Storage__DataDirectory"] = _folder.File("data");
        start.Environment["Inventory__Cluster__ClusterId"] = $"tool-tests-{Guid.NewGuid():N}";
        start.Environment["Inventory__Cluster__SiloPort"] = LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Inventory__Cluster__GatewayPort"] = LoopbackPorts.Next().ToString(CultureInfo.InvariantCulture);
        // The tests send a few thousand requests quickly; rate limits have tests of their own.
        start.Environment["Inventory__Api__Auth__DefaultRequestsPerSecond"] = "100000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        _log = new StreamWriter(LogPath) { AutoFlush = true };
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public string LogPath { get; }

    /// <summary>Starts the API with extra settings (environment variables) and waits until its cluster answers.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var api = new ApiProcess(settings ?? new Dictionary<string, string>());
        try
        {
            await api.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client of this API that sends <paramref name="apiKey"/>.</summary>
    public HttpClient CreateClient(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public string Tail(int lines = 40)
    {
        lock (_log)
        {
            using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        _folder.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }
    }

    /// <summary>Ready means the cluster answers a grain call (<c>/health/ready</c>), not only that HTTP is up.</summary>
    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with {_process.ExitCode} while starting; see {LogPath}:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API was not ready after {timeout.TotalSeconds:0}s; see {LogPath}:\n{Tail()}");
    }
}
