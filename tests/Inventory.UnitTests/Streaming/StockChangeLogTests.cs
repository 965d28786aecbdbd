using Inventory.Stock;
using Inventory.Streaming;

namespace Inventory.UnitTests.Streaming;

public class StockChangeLogTests
{
    private static StockChanged Change(long version, long previousVersion = 0) =>
        new() { Snapshot = new StockSnapshot { Key = new StockKey("WH1", "SKU1"), Version = version, Exists = true }, PreviousVersion = previousVersion };

    [Fact]
    public void OlderOrRepeatedVersionsAreDropped()
    {
        var log = new StockChangeLog();

        Assert.True(log.Accept(Change(1)));
        Assert.True(log.Accept(Change(2)));
        Assert.False(log.Accept(Change(2)));
        Assert.False(log.Accept(Change(1)));

        var observed = log.Observed();
        Assert.Equal((2L, 4L, 2L, 0L), (observed.LastVersion, observed.Received, observed.OutOfOrderDropped, observed.Gaps));
        Assert.Equal([1L, 2L], observed.RecentVersions);
    }

    [Fact]
    public void AJumpInVersionsIsCountedAsAGap()
    {
        var log = new StockChangeLog();

        log.Accept(Change(1));
        log.Accept(Change(4));

        Assert.Equal(1, log.Observed().Gaps);
    }

    [Fact]
    public void AJumpThePublisherCoalescedIsNotAGap()
    {
        var log = new StockChangeLog();

        log.Accept(Change(1));
        log.Accept(Change(5, previousVersion: 1));
        log.Accept(Change(9, previousVersion: 7));

        // 2..5 were coalesced into 5; the event that covered 6..7 never arrived.
        Assert.Equal((9L, 1L), (log.Observed().LastVersion, log.Observed().Gaps));
    }

    [Fact]
    public void OnlyTheMostRecentVersionsAreKept()
    {
        var log = new StockChangeLog(keepRecent: 3);

        for (var v = 1; v <= 5; v++)
        {
            log.Accept(Change(v));
        }

        Assert.Equal([3L, 4L, 5L], log.Observed().RecentVersions);
    }
}
