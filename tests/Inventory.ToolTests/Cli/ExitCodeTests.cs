using Inventory.ToolTests.Infrastructure;

namespace Inventory.ToolTests.Cli;

/// <summary>The exit codes that need no service: usage mistakes and a service that cannot be reached.</summary>
public sealed class ExitCodeTests
{
    private static readonly Uri Nowhere = new($"http://127.0.0.1:{LoopbackPorts.Next()}/");

    [Fact]
    public async Task AMissingKeyOrArgumentEndsWithTwoBeforeAnyRequest()
    {
        var noKey = await CliProcess.RunAsync(Nowhere, null, "stock", "show", "WH1", "SKU-1");
        var missing = await CliProcess.RunAsync(Nowhere, "key", "stock", "show", "WH1");
        var badCode = await CliProcess.RunAsync(Nowhere, "key", "stock", "show", "WH1", "not a sku");
        var badUrl = await CliProcess.RunAsync(Nowhere, "key", "channels", "--url", "localhost:5080");
        var noFile = await CliProcess.RunAsync(Nowhere, "key", "counts", "import", "/nonexistent/counts.csv");
        var badLimit = await CliProcess.RunAsync(Nowhere, "key", "movements", "WH1", "SKU-1", "--limit", "501");

        Assert.Equal(2, noKey.ExitCode);
        Assert.Equal("inventory: No API key: set INVENTORY_API_KEY or pass --api-key.\n", noKey.Stderr);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Required argument 'sku' missing", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badCode.ExitCode);
        Assert.Contains("sku 'not a sku' must be 1-64 characters", badCode.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("--url must be an absolute http(s) URL", badUrl.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noFile.ExitCode);
        Assert.Contains("Cannot read /nonexistent/counts.csv", noFile.Stderr, StringComparison.Ordinal);
        Assert.Equal((2, "inventory: --limit must be 1 to 500, not 501.\n"), (badLimit.ExitCode, badLimit.Stderr));
    }

    [Fact]
    public async Task HelpListsTheCommandsAndExitCodesButNeverTheApiKey()
    {
        var help = await CliProcess.RunAsync(Nowhere, "secret-key-from-the-environment", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Exit codes: 0 ok, 1 some counts failed or not found, 2 usage or invalid input", help.Stdout, StringComparison.Ordinal);
        Assert.All(["counts", "stock", "movements", "reservations", "channels"], command => Assert.Matches($@"\n  {command}\b", help.Stdout));
        Assert.DoesNotContain("secret-key-from-the-environment", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServiceThatCannotBeReachedEndsWithThree()
    {
        var result = await CliProcess.RunAsync(Nowhere, "key", "stock", "show", "WH1", "SKU-1", "--retries", "1");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"inventory: Cannot reach the inventory service at {Nowhere}: Connection refused", result.Stderr, StringComparison.Ordinal);
    }
}
