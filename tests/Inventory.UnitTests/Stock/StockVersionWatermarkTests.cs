using Inventory.Stock;

namespace Inventory.UnitTests.Stock;

public class StockVersionWatermarkTests
{
    private static StockChanged Change(long version, long previousVersion = 0) =>
        new() { Snapshot = new StockSnapshot { Key = new StockKey("WH1", "SKU1"), Version = version, Exists = true }, PreviousVersion = previousVersion };

    [Fact]
    public void OlderOrRepeatedVersionsAreDropped()
    {
        var watermark = new StockVersionWatermark();

        Assert.True(watermark.Accept(Change(1)));
        Assert.True(watermark.Accept(Change(2)));
        Assert.False(watermark.Accept(Change(2)));
        Assert.False(watermark.Accept(Change(1)));

        var observed = watermark.Observed();
        Assert.Equal((2L, 4L, 2L, 0L), (observed.LastVersion, observed.Received, observed.OutOfOrderDropped, observed.Gaps));
        Assert.Equal([1L, 2L], observed.RecentVersions);
    }

    [Fact]
    public void AJumpInVersionsIsCountedAsAGap()
    {
        var watermark = new StockVersionWatermark();

        watermark.Accept(Change(1));
        watermark.Accept(Change(4));

        Assert.Equal(1, watermark.Observed().Gaps);
    }

    [Fact]
    public void AJumpThePublisherCoalescedIsNotAGap()
    {
        var watermark = new StockVersionWatermark();

        watermark.Accept(Change(1));
        watermark.Accept(Change(5, previousVersion: 1));
        watermark.Accept(Change(9, previousVersion: 7));

        // 2..5 were coalesced into 5; the event that covered 6..7 never arrived.
        Assert.Equal((9L, 1L), (watermark.Observed().LastVersion, watermark.Observed().Gaps));
    }

    [Fact]
    public void OnlyTheMostRecentVersionsAreKept()
    {
        var watermark = new StockVersionWatermark(keepRecent: 3);

        for (var v = 1; v <= 5; v++)
        {
            watermark.Accept(Change(v));
        }

        Assert.Equal([3L, 4L, 5L], watermark.Observed().RecentVersions);
    }
}
