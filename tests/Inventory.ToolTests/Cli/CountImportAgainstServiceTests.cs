using System.Globalization;
using System.Net;
using System.Text;
using Inventory.ToolTests.Infrastructure;

namespace Inventory.ToolTests.Cli;

/// <summary>The built tool importing count files into the real API process, checked through the API.</summary>
[Collection(ServiceCollection.Name)]
public sealed class CountImportAgainstServiceTests(ServiceFixture service) : IDisposable
{
    private const string AsOf = "2026-11-24T08:00:00Z";
    private readonly TempDirectory _files = new();

    [Fact]
    public async Task ATenThousandLineCountFileIsAppliedOnceAndNoRerunAppliesAnythingAgain()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var csv = _files.File("warehouse-count.csv");
        var lines = new StringBuilder("location,sku,onHand,safetyStock,asOf\n");
        for (var i = 0; i < 10_000; i++)
        {
            var (location, sku, onHand, safetyStock) = Count(run, i);
            lines.Append(CultureInfo.InvariantCulture, $"{location},{sku},{onHand},{safetyStock?.ToString(CultureInfo.InvariantCulture)},{AsOf}\n");
        }

        await File.WriteAllTextAsync(csv, lines.ToString());

        var first = await service.RunAsync(DevelopmentKeys.Ops, "counts", "import", csv);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Matches(@"│ applied\s+│\s+10,000 │", first.Stdout);
        Assert.Matches(@"│ failed\s+│\s+0 │", first.Stdout);
        Assert.Matches(@"│ total\s+│\s+10,000 │", first.Stdout);
        Assert.Equal(10, first.Stdout.Split('\n').Count(l => l.StartsWith("lines ", StringComparison.Ordinal)));
        await AssertStoredOnceAsync(run);

        // Again, as after an interruption: the journal says every line was answered, so nothing is sent.
        var again = HttpJson.ParseJson((await service.RunAsync(DevelopmentKeys.Ops, "counts", "import", csv, "--json")).Stdout);
        Assert.Equal((0L, 0L, 10_000L, 0L, 0L), (again.Long("applied"), again.Long("stale"), again.Long("skipped"), again.Long("failed"), again.Long("exitCode")));

        // Without the journal every count is sent, and the service answers each one 'stale': it already has it.
        var resent = await service.RunAsync(DevelopmentKeys.Ops, "counts", "import", csv, "--json", "--no-journal");
        Assert.True(resent.ExitCode == 0, resent.ToString());
        var summary = HttpJson.ParseJson(resent.Stdout);
        Assert.Equal((0L, 10_000L, 0L, 0L, 0L), (summary.Long("applied"), summary.Long("stale"), summary.Long("skipped"), summary.Long("failed"), summary.Long("notSent")));
        await AssertStoredOnceAsync(run);
    }

    [Fact]
    public async Task ACountFileWithBadLinesEndsWithTwoNamingEachLineAndSendsNothing()
    {
        var sku = $"CLI-BAD-{Guid.NewGuid():N}";
        var csv = _files.File("bad-count.csv");
        await File.WriteAllTextAsync(csv, string.Join('\n',
            "location,sku,onHand,asOf",
            $"WH-CLI,{sku},5,{AsOf}",
            $"WH-CLI,{sku}-2,-1,{AsOf}",
            "",
            $"WH-CLI,bad sku,3,{AsOf}",
            $"WH-CLI,{sku},6,{AsOf}",
            $"WH-CLI,{sku}-3,7,2026-11-24 08:00",
            $"WH-CLI,{sku}-4,7"));

        var human = await service.RunAsync(DevelopmentKeys.Ops, "counts", "import", csv);
        var json = await service.RunAsync(DevelopmentKeys.Ops, "counts", "import", csv, "--json");

        Assert.True(human.ExitCode == 2, human.ToString());
        Assert.Contains("bad-count.csv: 5 bad line(s); nothing was sent.", human.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 3, onHand: must be a whole number from 0 to 1000000000, not '-1'", human.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 5, sku: 'bad sku' must be", human.Stderr, StringComparison.Ordinal);
        Assert.Contains($"line 6: SKU '{sku}' at 'WH-CLI' is already counted on line 2", human.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 7, asOf: must be an ISO 8601 time with its offset", human.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 8: has 3 fields, the header has 4", human.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, json.ExitCode);
        var errors = HttpJson.ParseJson(json.Stdout);
        Assert.Equal(2L, errors.Long("exitCode"));
        Assert.Equal([3L, 5L, 6L, 7L, 8L], errors.GetProperty("lines").EnumerateArray().Select(l => l.Long("line")));
        var (status, _) = await service.Admin.SendJsonAsync(HttpMethod.Get, $"v1/stock/WH-CLI/{sku}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.False(File.Exists(csv + ".journal"));
    }

    public void Dispose() => _files.Dispose();

    private static (string Location, string Sku, long OnHand, long? SafetyStock) Count(string run, int i) =>
        ($"WH-CLI-{i % 4}", $"CLI-{run}-{i:D5}", i % 1_000, i % 10 == 0 ? null : i % 7);

    /// <summary>Spot checks across the file: each pair holds its count, applied exactly once (version 1).</summary>
    private async Task AssertStoredOnceAsync(string run)
    {
        foreach (var i in new[] { 0, 1, 999, 1_000, 1_001, 4_567, 7_770, 9_998, 9_999 })
        {
            var (location, sku, onHand, safetyStock) = Count(run, i);
            var (status, stock) = await service.Admin.SendJsonAsync(HttpMethod.Get, $"v1/stock/{location}/{sku}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(
                (onHand, safetyStock ?? 0, 1L, DateTimeOffset.Parse(AsOf, CultureInfo.InvariantCulture)),
                (stock.Long("onHand"), stock.Long("safetyStock"), stock.Long("version"), stock.GetProperty("lastCountAsOf").GetDateTimeOffset()));
        }
    }
}
