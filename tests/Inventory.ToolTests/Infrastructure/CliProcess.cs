using System.Diagnostics;

namespace Inventory.ToolTests.Infrastructure;

/// <summary>Runs the built <c>inventory</c> tool as a process, as a script would, and collects what it printed.</summary>
public static class CliProcess
{
    /// <param name="url">Given as <c>INVENTORY_URL</c>, as ops set it.</param>
    /// <param name="apiKey">Given as <c>INVENTORY_API_KEY</c>; null leaves it unset.</param>
    /// <param name="args">The command line.</param>
    public static async Task<CliResult> RunAsync(Uri url, string? apiKey, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Repository.BuiltDll("Inventory.Cli", "inventory"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["INVENTORY_URL"] = url.ToString();
        start.Environment.Remove("INVENTORY_API_KEY");
        if (apiKey is not null)
        {
            start.Environment["INVENTORY_API_KEY"] = apiKey;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"inventory {string.Join(' ', args)} did not end within 5 minutes; it printed:\n{await stdout}\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>How a run of the tool ended.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
