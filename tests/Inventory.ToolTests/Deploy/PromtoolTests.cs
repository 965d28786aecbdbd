using System.ComponentModel;
using System.Diagnostics;
using Inventory.ToolTests.Infrastructure;

namespace Inventory.ToolTests.Deploy;

/// <summary>
/// deploy/prometheus/alerts.yml through Prometheus' own checker and its unit tests (alerts.test.yml). promtool comes
/// with Debian's <c>prometheus</c> package, which tests/servers.sh installs for ./tests/run.sh.
/// </summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task TheAlertRulesPassPromtoolsCheck()
    {
        var (exitCode, output) = await PromtoolAsync("check", "rules", AlertRules.RulesPath);

        Assert.True(exitCode == 0, output);
        Assert.Contains($"SUCCESS: {AlertRules.Read().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAlertRulesPassTheirUnitTests()
    {
        var (exitCode, output) = await PromtoolAsync("test", "rules", AlertRules.TestsPath);

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAlertRuleHasAUnitTestThatFiresItAndOneThatKeepsItQuiet()
    {
        var rules = AlertRules.Read().Select(r => r.Alert).ToList();
        var (firing, quiet) = AlertRules.Tested();

        Assert.Equal(9, rules.Count);
        Assert.Equal([], rules.Where(r => !firing.Contains(r)));
        Assert.Equal([], rules.Where(r => !quiet.Contains(r)));
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] args)
    {
        var start = new ProcessStartInfo("promtool", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Deploy("prometheus"),
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"promtool is not installed ({e.Message}): apt-get install prometheus (./tests/run.sh installs it through tests/servers.sh)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
