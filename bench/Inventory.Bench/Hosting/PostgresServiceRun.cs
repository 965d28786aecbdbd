namespace Inventory.Bench.Hosting;

/// <summary>
/// What a workload on PostgreSQL storage runs on: a private PostgreSQL (and Redis) from <c>tests/servers.sh</c> and the
/// service co-hosted on it, both stopped afterwards whatever happens. <see cref="RunAsync"/> starts them, lets the
/// workload measure, prints its report and writes it to a file; on failure it says where the logs are.
/// </summary>
public sealed record PostgresServiceRun(MachineFacts Machine, string WorkDirectory, TestServers Servers, CoHostedService Service)
{
    /// <param name="workload">The workload's name: its folder under <c>/tmp/inventory-bench</c> and its report file.</param>
    /// <param name="storageOptions">Extra Npgsql settings appended to the service's connection string.</param>
    /// <param name="output">Where to write the report; by default <c>{workload}.txt</c> in the run's folder.</param>
    /// <param name="measureAsync">Measures and returns the report.</param>
    public static async Task<int> RunAsync(
        string workload, string root, string? storageOptions, string? output, Action<string> progress,
        Func<PostgresServiceRun, Task<string>> measureAsync, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(measureAsync);
        var machine = await MachineFacts.ReadAsync(root, cancellation);
        var workDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "inventory-bench", $"{workload}-{DateTime.UtcNow:yyyyMMdd-HHmmss}")).FullName;
        progress($"repository {root}; logs under {workDirectory}");

        progress("starting a private PostgreSQL (and Redis) with tests/servers.sh...");
        await using var servers = await TestServers.StartAsync(root, Path.Combine(workDirectory, "servers.log"), postgresMaxConnections: null, cancellation);
        progress($"PostgreSQL on 127.0.0.1:{servers.PostgresPort}");
        progress("starting the service: API with a co-hosted silo, PostgreSQL storage, Release build...");
        var connectionString = storageOptions is { Length: > 0 } extra ? $"{servers.PostgresConnectionString};{extra}" : servers.PostgresConnectionString;
        await using var service = await CoHostedService.StartAsync(root, connectionString, workDirectory, cancellation);
        progress($"service up at {service.Process.BaseAddress}");
        try
        {
            var report = await measureAsync(new PostgresServiceRun(machine, workDirectory, servers, service));
            var path = output ?? Path.Combine(workDirectory, $"{workload}.txt");
            await File.WriteAllTextAsync(path, report, CancellationToken.None);
            Console.WriteLine();
            Console.Write(report);
            Console.WriteLine($"(also written to {path})");
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"{workload} failed: {ex.Message}\nlogs: {workDirectory}");
            if (service.Process.HasExited)
            {
                await Console.Error.WriteLineAsync($"the service has exited; its log ends with:\n{service.Process.Tail()}");
            }

            return 1;
        }
        finally
        {
            progress("stopping the service and the servers...");
        }
    }
}
