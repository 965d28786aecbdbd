using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Inventory.Bench.Hosting;

/// <summary>One silo or API process started from its built DLL, with its output in a log file.</summary>
public sealed partial class LaunchedProcess
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private bool _stopped;

    private LaunchedProcess(string name, Uri baseAddress, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        BaseAddress = baseAddress;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string Name { get; }

    /// <summary>Where its HTTP endpoint (API, dashboard) listens.</summary>
    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time (user + system) the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
    }

    /// <summary>Starts <c>dotnet &lt;dll&gt;</c> with the given environment on top of this process's own.</summary>
    public static LaunchedProcess Start(string name, string dll, int httpPort, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var baseAddress = new Uri($"http://127.0.0.1:{httpPort}");
        start.Environment["Urls"] = baseAddress.ToString().TrimEnd('/');

        var logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => Write(log, "--- exited");
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {name} ({dll})");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new LaunchedProcess(name, baseAddress, process, log, logPath);
    }

    /// <summary>Resident memory (VmRSS from /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Waits until <paramref name="path"/> answers 2xx; fails fast if the process exits meanwhile.</summary>
    public Task WaitUntilReadyAsync(string path, TimeSpan timeout, CancellationToken cancellation) =>
        WaitUntilReadyAsync(path, timeout, static response => response.IsSuccessStatusCode, cancellation);

    /// <summary>Waits until an answer to <paramref name="path"/> is <paramref name="ready"/>; fails fast if the process exits meanwhile.</summary>
    public async Task WaitUntilReadyAsync(string path, TimeSpan timeout, Func<HttpResponseMessage, bool> ready, CancellationToken cancellation)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting; log {LogPath}:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellation);
                if (ready(response))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellation);
        }

        throw new TimeoutException($"{Name} did not answer {path} within {timeout.TotalSeconds:0} s; log {LogPath}:\n{Tail()}");
    }

    /// <summary>SIGTERM (a silo leaves the cluster, an API node unsubscribes), then a hard kill after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        // A restarted service stops its old process itself; the launcher stops everything again at the end.
        if (_stopped)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            try
            {
                await _process.WaitForExitAsync().WaitAsync(grace);
            }
            catch (TimeoutException)
            {
                KillNow();
            }
        }

        _stopped = true;
        _process.Dispose();
        await _log.DisposeAsync();
    }

    /// <summary>kill -9 of the process tree, for exits where nothing can be awaited.</summary>
    public void KillNow()
    {
        if (_stopped)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone or never started.
        }
    }

    /// <summary>The last lines of its log.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the stop.
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
