using Inventory.Cli.Counts;
using Inventory.ToolTests.Infrastructure;

namespace Inventory.ToolTests.Cli;

public sealed class ImportJournalTests : IDisposable
{
    private static readonly DateTimeOffset Taken = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _folder = new();

    [Fact]
    public void RecordedLinesAreReadBackByTheNextRun()
    {
        var path = _folder.File("counts.csv.journal");
        var journal = ImportJournal.Open(path, "sha256=aa as-of=-");
        journal.Record([Line(2), Line(3), Line(4), Line(7)], applied: 3, stale: 1);
        journal.Record([Line(9)], applied: 1, stale: 0);

        var reopened = ImportJournal.Open(path, "sha256=aa as-of=-");

        Assert.Equal([2, 3, 4, 7, 9], reopened.DoneLines.Order());
        Assert.False(reopened.StartedOver);
        Assert.Equal(
            ["# inventory counts import journal v1", "csv sha256=aa as-of=-", "done 2-4,7-7 applied=3 stale=1", "done 9-9 applied=1 stale=0"],
            File.ReadAllLines(path));
    }

    [Fact]
    public void AJournalOfAnotherContentIsStartedOver()
    {
        var path = _folder.File("counts.csv.journal");
        ImportJournal.Open(path, "sha256=aa as-of=-").Record([Line(2)], applied: 1, stale: 0);

        var other = ImportJournal.Open(path, "sha256=bb as-of=-");

        Assert.Empty(other.DoneLines);
        Assert.True(other.StartedOver);
        Assert.Equal(["# inventory counts import journal v1", "csv sha256=bb as-of=-"], File.ReadAllLines(path));
    }

    [Fact]
    public void AnEntryCutShortByACrashIsIgnored()
    {
        var path = _folder.File("counts.csv.journal");
        File.WriteAllText(path, "# inventory counts import journal v1\ncsv id\ndone 2-1001 applied=1000 stale=0\ndone 1002-20");

        Assert.Equal(1000, ImportJournal.Open(path, "id").DoneLines.Count);
    }

    public void Dispose() => _folder.Dispose();

    private static CountLine Line(int number) => new(number, "WH1", $"SKU-{number}", 1, null, Taken);
}
