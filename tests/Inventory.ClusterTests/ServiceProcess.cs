using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Inventory.ClusterTests;

/// <summary>One silo or API process of a test cluster, run from its build output, with its log in a file.</summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly string _dll;
    private readonly Dictionary<string, string> _environment;
    private Process? _process;

    public ServiceProcess(string name, string project, int httpPort, Dictionary<string, string> environment, string logDirectory)
    {
        Name = name;
        HttpPort = httpPort;
        ProjectDirectory = Path.Combine(Repository.Root, "src", project);
        _dll = Path.Combine(ProjectDirectory, "bin", Repository.Configuration, "net10.0", $"{project}.dll");
        _environment = environment;
        LogPath = Path.Combine(logDirectory, $"{name}.log");
    }

    public string Name { get; }
    public int HttpPort { get; }
    public string ProjectDirectory { get; }
    public string LogPath { get; }
    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet", [_dll])
        {
            WorkingDirectory = ProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Urls"] = $"http://127.0.0.1:{HttpPort}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Orleans.Runtime.Silo"] = "Information";

        var log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.Exited += (_, _) => { lock (log) { log.WriteLine($"--- exited {process.ExitCode}"); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until the process serves its dashboard (the silo has joined, or the API is connected).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting; see {LogPath}:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/dashboard/"));
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

        throw new TimeoutException($"{Name} was not ready after {timeout.TotalSeconds:0}s; see {LogPath}:\n{Tail()}");
    }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void Crash()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, then wait for the graceful shutdown to finish.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        _ = Kill(process.Id, SigTerm);
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} did not stop within {timeout.TotalSeconds:0}s of SIGTERM; see {LogPath}");
        }
    }

    public string Tail(int lines = 40)
    {
        try
        {
            var all = File.ReadAllLines(LogPath);
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
