namespace Inventory.Bench.Hosting;

/// <summary>
/// Starts silo and API processes and owns them: disposing stops them all, newest first (API nodes before the silo
/// they are connected to); if the tool itself exits without disposing, they are killed rather than left running.
/// </summary>
public sealed class ProcessLauncher : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly List<LaunchedProcess> _processes = [];

    public ProcessLauncher(string logDirectory)
    {
        LogDirectory = Directory.CreateDirectory(logDirectory).FullName;
        AppDomain.CurrentDomain.ProcessExit += KillAll;
    }

    public string LogDirectory { get; }

    public LaunchedProcess Start(string name, string dll, int httpPort, IReadOnlyDictionary<string, string> environment)
    {
        var process = LaunchedProcess.Start(name, dll, httpPort, environment, LogDirectory);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillAll;
        List<LaunchedProcess> processes;
        lock (_processes)
        {
            processes = [.. _processes];
            _processes.Clear();
        }

        // API nodes stop together, then the silo.
        processes.Reverse();
        var apis = processes.Where(p => !p.Name.StartsWith("silo", StringComparison.Ordinal)).ToList();
        await Task.WhenAll(apis.Select(p => p.StopAsync(StopGrace)));
        foreach (var process in processes.Except(apis))
        {
            await process.StopAsync(StopGrace);
        }
    }

    private void KillAll(object? sender, EventArgs e)
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                process.KillNow();
            }
        }
    }
}
