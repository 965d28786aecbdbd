using System.Diagnostics;

namespace Inventory.Bench.Hosting;

/// <summary>
/// A private PostgreSQL (and Redis) on loopback from <c>tests/servers.sh</c>, the way the tests get theirs. A bash
/// that sourced the script starts them, prints their settings, then waits on its stdin: closing it (disposing, or the
/// tool dying) makes that same shell stop exactly the servers it started.
/// </summary>
public sealed class TestServers : IAsyncDisposable
{
    private const string Ready = "SERVERS-READY";
    private readonly Process _shell;

    private TestServers(Process shell, IReadOnlyDictionary<string, string> settings)
    {
        _shell = shell;
        Settings = settings;
    }

    /// <summary>The <c>INVENTORY_TEST_*</c> variables the script exported.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The Npgsql connection string of the private PostgreSQL (database <c>inventory</c>).</summary>
    public string PostgresConnectionString => Settings["INVENTORY_TEST_POSTGRES"];

    public int PostgresPort => int.Parse(Settings["INVENTORY_TEST_PG_PORT"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An Npgsql connection string to another database on the same PostgreSQL.</summary>
    public string PostgresConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Settings["INVENTORY_TEST_PG_PORT"]};Username=postgres;Database={database}";

    /// <summary>
    /// The postmaster's process id: its tree is all of PostgreSQL's CPU. tests/servers.sh keeps the data folder next to
    /// its control script, and PostgreSQL writes its pid as the first line of <c>postmaster.pid</c> there.
    /// </summary>
    public int PostgresPid()
    {
        var data = Path.Combine(Path.GetDirectoryName(Settings["INVENTORY_TEST_PG_CTL"])!, "data", "postmaster.pid");
        return int.Parse(File.ReadLines(data).First(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <param name="postgresMaxConnections">
    /// When given, PostgreSQL is restarted once with this connection limit instead of the script's: a run that holds
    /// several connection pools open at once (the service's, an HTTP peer's, pgbench's clients) needs more room than
    /// the tests do. The limit is edited into the control script the script wrote, so its stop and start keep working.
    /// </param>
    public static async Task<TestServers> StartAsync(string root, string logPath, int? postgresMaxConnections, CancellationToken cancellation)
    {
        var raise = postgresMaxConnections is { } limit
            ? $"sed -i -E 's/max_connections=[0-9]+/max_connections={limit}/' \"$INVENTORY_TEST_PG_CTL\" && \"$INVENTORY_TEST_PG_CTL\" stop && \"$INVENTORY_TEST_PG_CTL\" start " +
              "|| { inventory_servers_stop; exit 1; }; "
            : "";

        // Servers named in the tool's own environment would be used as they are; the benchmark wants private ones.
        var start = new ProcessStartInfo("bash", ["-c",
            $"source tests/servers.sh && inventory_servers_start || exit 1; {raise}env | grep '^INVENTORY_TEST_'; echo {Ready}; read -r _; inventory_servers_stop"])
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("INVENTORY_TEST_POSTGRES");
        start.Environment.Remove("INVENTORY_TEST_REDIS");
        var shell = Process.Start(start) ?? throw new InvalidOperationException("could not run bash tests/servers.sh");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        _ = shell.StandardError.BaseStream.CopyToAsync(log.BaseStream, CancellationToken.None);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        try
        {
            while (await shell.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line == Ready)
                {
                    return new TestServers(shell, settings);
                }

                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    settings[line[..equals]] = line[(equals + 1)..];
                }
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            shell.Kill(entireProcessTree: true);
            throw new TimeoutException($"tests/servers.sh did not start PostgreSQL and Redis within 5 minutes; see {logPath}");
        }

        await shell.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"tests/servers.sh could not start PostgreSQL and Redis (exit {shell.ExitCode}); see {logPath}");
    }

    /// <summary>Runs <c>psql</c> on the private PostgreSQL (database <c>inventory</c>) and returns its unaligned output.</summary>
    public async Task<string> QueryAsync(string sql, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("psql", ["-X", "-q", "-At", "-h", "127.0.0.1", "-p", PostgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "postgres", "-d", "inventory", "-c", sql])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var psql = Process.Start(start) ?? throw new InvalidOperationException("could not run psql");
        var output = await psql.StandardOutput.ReadToEndAsync(cancellation);
        var error = await psql.StandardError.ReadToEndAsync(cancellation);
        await psql.WaitForExitAsync(cancellation);
        return psql.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"psql failed: {error}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _shell.StandardInput.Close();
            await _shell.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            _shell.Kill(entireProcessTree: true);
        }

        _shell.Dispose();
    }
}
