using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Inventory.Bench.Hosting;

/// <summary>What the numbers were measured on: they mean little without it.</summary>
public sealed record MachineFacts(int Cores, string CpuModel, string DotnetVersion, string Os, string LoadAverage, DateTimeOffset At)
{
    public static async Task<MachineFacts> ReadAsync(string root, CancellationToken cancellation) => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        await DotnetVersionAsync(root, cancellation),
        RuntimeInformation.OSDescription,
        LoadAverageNow(),
        DateTimeOffset.UtcNow);

    /// <summary>The 1/5/15-minute load averages: other work on a shared machine shows here.</summary>
    public static string LoadAverageNow()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    // Run in the repository, so its global.json picks the SDK the way the build did.
    private static async Task<string> DotnetVersionAsync(string root, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("dotnet", ["--version"]) { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run dotnet --version");
        var output = await process.StandardOutput.ReadToEndAsync(cancellation);
        await process.WaitForExitAsync(cancellation);
        return output.Trim() is { Length: > 0 } version ? version : "exit " + process.ExitCode.ToString(CultureInfo.InvariantCulture);
    }
}
