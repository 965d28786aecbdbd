using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools Protocol on one page target: just the commands the
/// browser tests need (extra headers, navigate, evaluate). Commands run one at a time; events are skipped.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TempDirectory _profile;
    private readonly ClientWebSocket _socket = new();
    private int _lastId;

    private HeadlessChromium(Process process, TempDirectory profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Chromium's path: <c>CHROMIUM</c> if set, else the Debian package's (tests/servers.sh installs it).</summary>
    public static string Executable => Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"Chromium not found at {Executable}: run tests/servers.sh start (installs the Debian package 'chromium') or set CHROMIUM.");
        }

        var profile = new TempDirectory();
        var start = new ProcessStartInfo(Executable,
            ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", "about:blank"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}");
        // Chromium logs a lot (D-Bus, GPU) to stderr; drain it so it never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends these headers with every request the page makes from now on.</summary>
    public async Task SetExtraHeadersAsync(IReadOnlyDictionary<string, string> headers)
    {
        await SendAsync("Network.enable");
        await SendAsync("Network.setExtraHTTPHeaders", new { headers });
    }

    public Task NavigateAsync(Uri url) => SendAsync("Page.navigate", new { url = url.ToString() });

    /// <summary>Evaluates a JavaScript expression in the page and returns its value as a string (null if none).</summary>
    public async Task<string?> EvaluateAsync(string expression)
    {
        var reply = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true });
        return reply.GetProperty("result").TryGetProperty("value", out var value) ? value.ToString() : null;
    }

    /// <summary>Sends one command and returns its <c>result</c>; a protocol error becomes an exception.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null)
    {
        var id = ++_lastId;
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var command = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(command, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        while (true)
        {
            var message = await ReceiveAsync(timeout.Token);
            if (!message.TryGetProperty("id", out var replyId) || replyId.GetInt32() != id)
            {
                continue;
            }

            if (message.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"CDP {method} failed: {error}");
            }

            return message.GetProperty("result").Clone();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
        _profile.Dispose();
    }

    private async Task ConnectAsync()
    {
        // With port 0 Chromium picks a free port and writes it as the first line of DevToolsActivePort.
        var portFile = Path.Combine(_profile.Path, "DevToolsActivePort");
        var port = await Eventually.MatchesAsync(() => Task.FromResult(ReadPort(portFile)), p => p > 0 || _process.HasExited,
            $"Chromium to write {portFile}", StartTimeout);
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Chromium exited with {_process.ExitCode} before opening its debugging port.");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var page = await Eventually.MatchesAsync(async () => await PageTargetAsync(http, port), url => url is not null,
            "Chromium to list a page target", StartTimeout);
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _socket.ConnectAsync(new Uri(page!), timeout.Token);
    }

    private static int ReadPort(string portFile)
    {
        try
        {
            var first = File.Exists(portFile) ? File.ReadLines(portFile).FirstOrDefault() : null;
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 0;
        }
        catch (IOException)
        {
            return 0; // still being written
        }
    }

    private static async Task<string?> PageTargetAsync(HttpClient http, int port)
    {
        try
        {
            var targets = await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{port}/json"));
            return targets.EnumerateArray()
                .Where(t => t.GetProperty("type").GetString() == "page")
                .Select(t => t.GetProperty("webSocketDebuggerUrl").GetString())
                .FirstOrDefault();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<JsonElement> ReceiveAsync(CancellationToken cancellation)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(buffer, cancellation);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("Chromium closed the DevTools connection.");
            }

            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);

        return JsonDocument.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)).RootElement.Clone();
    }
}
