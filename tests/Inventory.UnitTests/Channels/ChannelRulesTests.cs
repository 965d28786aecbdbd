using Inventory.Channels;

namespace Inventory.UnitTests.Channels;

public class ChannelRulesTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(7, 7)]
    [InlineData(1_000_000, 1_000_000)]
    public void DefaultRulesPassAvailabilityThrough(long available, long shown) =>
        Assert.Equal(shown, new ChannelRules().Apply(available));

    [Theory]
    [InlineData(10, 7)]
    [InlineData(3, 0)]
    [InlineData(2, 0)]
    public void KeepBackUnitsAreNeverShown(long available, long shown) =>
        Assert.Equal(shown, new ChannelRules { KeepBack = 3 }.Apply(available));

    [Theory]
    [InlineData(100, 50)]
    [InlineData(7, 3)]
    [InlineData(1, 0)]
    public void PercentIsRoundedDown(long available, long shown) =>
        Assert.Equal(shown, new ChannelRules { Percent = 50 }.Apply(available));

    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 5)]
    [InlineData(500, 20)]
    public void BelowTheMinimumTheChannelShowsZeroAndNeverMoreThanTheMaximum(long available, long shown) =>
        Assert.Equal(shown, new ChannelRules { MinimumShown = 5, MaxShown = 20 }.Apply(available));

    [Fact]
    public void RulesCombineInOrderKeepBackThenPercentThenMinimumThenMaximum()
    {
        var rules = new ChannelRules { KeepBack = 10, Percent = 80, MinimumShown = 4, MaxShown = 50 };

        Assert.Equal(0, rules.Apply(14));   // (14-10)*0.8 = 3.2 -> 3 < 4
        Assert.Equal(4, rules.Apply(15));   // 5*0.8 = 4
        Assert.Equal(50, rules.Apply(100)); // 90*0.8 = 72 -> capped
    }

    [Fact]
    public void ContradictoryOrOutOfRangeRulesAreReported()
    {
        Assert.Empty(new ChannelRules { KeepBack = 1, Percent = 90, MinimumShown = 2, MaxShown = 5 }.Problems());
        Assert.Single(new ChannelRules { Percent = 101 }.Problems());
        Assert.Single(new ChannelRules { KeepBack = -1 }.Problems());
        Assert.Single(new ChannelRules { MinimumShown = 10, MaxShown = 5 }.Problems());
    }
}
