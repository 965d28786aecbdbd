using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Inventory.Bench.Hosting;

/// <summary>
/// A redis-server of its own for the HTTP peer's Redis store: a child of this tool (not daemonized, so its CPU can be
/// read and it dies with the tool), on a free loopback port, with data in a temp folder and the append-only file set
/// the way the run asks (<c>everysec</c> by default, like <c>redis_peer.sh</c>); no RDB snapshots.
/// </summary>
public sealed class PrivateRedis : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly string _directory;
    private readonly StreamWriter _log;

    private PrivateRedis(Process process, string directory, StreamWriter log, int port)
    {
        _process = process;
        _directory = directory;
        _log = log;
        Port = port;
        AppDomain.CurrentDomain.ProcessExit += KillNow;
    }

    public int Port { get; }

    /// <summary>StackExchange.Redis configuration for it.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>CPU time (user + system, all its threads) used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
    }

    /// <param name="appendFsync"><c>off</c> (no append-only file), <c>everysec</c> or <c>always</c>.</param>
    public static async Task<PrivateRedis> StartAsync(string appendFsync, string workDirectory, CancellationToken cancellation)
    {
        var directory = Directory.CreateDirectory(Path.Combine(workDirectory, "redis-data")).FullName;
        var port = LoopbackPorts.Next();
        string[] persistence = appendFsync == "off" ? ["--appendonly", "no"] : ["--appendonly", "yes", "--appendfsync", appendFsync];
        var start = new ProcessStartInfo("redis-server",
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--save", "", "--daemonize", "no", .. persistence])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start redis-server (apt-get install -y redis-server)");
        var log = new StreamWriter(Path.Combine(workDirectory, "redis.log"), append: true) { AutoFlush = true };
        _ = process.StandardOutput.BaseStream.CopyToAsync(log.BaseStream, CancellationToken.None);
        _ = process.StandardError.BaseStream.CopyToAsync(log.BaseStream, CancellationToken.None);
        var redis = new PrivateRedis(process, directory, log, port);
        try
        {
            await redis.WaitUntilAnsweringAsync(cancellation);
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillNow;
        KillNow(null, EventArgs.Empty);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        await _log.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellation)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        var answer = new byte[16];
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} while starting; see redis.log next to {_directory}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, cancellation);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellation);
                var read = await stream.ReadAsync(answer, cancellation);
                if (Encoding.ASCII.GetString(answer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(100, cancellation);
        }

        throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout.TotalSeconds:0} s");
    }

    // Its data is a throw-away copy: no graceful shutdown needed.
    private void KillNow(object? sender, EventArgs e)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}
