namespace Inventory.UnitTests;

public class StockKeyTests
{
    [Fact]
    public void KeyRoundTripsThroughItsString()
    {
        var key = new StockKey("WH-1", "SKU_42.blue");

        Assert.Equal("WH-1/SKU_42.blue", key.ToString());
        Assert.Equal(key, StockKey.Parse(key.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/inside")]
    [InlineData("ünïcode")]
    [InlineData("tab\t")]
    public void InvalidCodesAreRejected(string code)
    {
        Assert.False(Codes.IsValid(code));
        Assert.Throws<ArgumentException>(() => new StockKey(code, "SKU"));
        Assert.Throws<ArgumentException>(() => new StockKey("WH", code));
    }

    [Fact]
    public void CodesLongerThan64CharactersAreRejected()
    {
        Assert.True(Codes.IsValid(new string('a', 64)));
        Assert.False(Codes.IsValid(new string('a', 65)));
    }

    [Theory]
    [InlineData("WH1")]
    [InlineData("/SKU")]
    [InlineData("WH1/")]
    [InlineData("WH1/SKU/extra")]
    public void MalformedKeysDoNotParse(string value) => Assert.False(StockKey.TryParse(value, out _));
}
