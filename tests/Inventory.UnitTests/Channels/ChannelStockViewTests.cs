using Inventory.Channels;

namespace Inventory.UnitTests.Channels;

public class ChannelStockViewTests
{
    private static ChannelItem Item(long version, long quantity) => new("WH1", "A", quantity, version, DateTimeOffset.UnixEpoch);

    [Fact]
    public void AnOlderOrEqualVersionNeverReplacesANewerOne()
    {
        var view = new ChannelStockView();

        Assert.True(view.Apply(Item(2, 5)));
        Assert.False(view.Apply(Item(1, 9)));
        Assert.False(view.Apply(Item(2, 9)));
        Assert.True(view.Apply(Item(3, 4)));

        Assert.Equal(Item(3, 4), view.Items[("WH1", "A")]);
        Assert.Equal(2, view.StaleIgnored);
    }

    [Fact]
    public void ConcurrentAppliesKeepTheNewestVersion()
    {
        var view = new ChannelStockView();

        Parallel.For(1, 5_001, version => view.Apply(Item(version, version)));

        Assert.Equal(5_000, view.Items[("WH1", "A")].Version);
    }
}
