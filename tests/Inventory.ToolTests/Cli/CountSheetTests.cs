using Inventory.Cli.Counts;

namespace Inventory.ToolTests.Cli;

public sealed class CountSheetTests
{
    private static readonly DateTimeOffset Taken = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private static CountSheet Parse(string text, DateTimeOffset? asOf = null) => CountSheet.Parse(new StringReader(text), asOf);

    [Fact]
    public void ColumnsAreReadInAnyOrderAndCaseWithQuotedFieldsAndBlankLines()
    {
        var sheet = Parse("SKU,\"Location\",OnHand,AsOf,SafetyStock\r\n\"SKU-1\", WH1 ,5,2026-11-24T09:00:00+01:00,\n\nSKU-2,WH1,0,,3\n", Taken);

        Assert.True(sheet.IsValid, string.Join('\n', sheet.Errors));
        Assert.Equal(
            [new CountLine(2, "WH1", "SKU-1", 5, null, Taken), new CountLine(4, "WH1", "SKU-2", 0, 3, Taken)],
            sheet.Counts);
    }

    [Fact]
    public void EveryBadLineIsReportedWithItsNumberAndNoCountIsKept()
    {
        var sheet = Parse(string.Join('\n',
            "location,sku,onHand,safetyStock,asOf",
            "WH1,SKU-1,5,,2026-11-24T08:00:00Z",
            "WH1,SKU-2,1000000001,-1,2026-11-24T08:00:00Z",
            "WH 1,,x,,2026-11-24",
            "WH1,SKU-1,7,,2026-11-24T08:00:00Z",
            "WH1,SKU-3,7",
            "WH1,\"SKU-4,7,,2026-11-24T08:00:00Z",
            "WH1,SKU-5,,,2026-11-24T08:00:00"));

        Assert.Empty(sheet.Counts);
        Assert.Equal(
            [
                "line 3, onHand: must be a whole number from 0 to 1000000000, not '1000000001'",
                "line 3, safetyStock: must be a whole number from 0 to 1000000000, not '-1'",
                "line 4, location: 'WH 1' must be 1-64 characters of ASCII letters, digits, '.', '_' or '-'",
                "line 4, sku: is empty",
                "line 4, onHand: must be a whole number from 0 to 1000000000, not 'x'",
                "line 4, asOf: must be an ISO 8601 time with its offset, such as 2026-11-24T08:00:00Z, not '2026-11-24'",
                "line 5: SKU 'SKU-1' at 'WH1' is already counted on line 2",
                "line 6: has 3 fields, the header has 5",
                "line 7: a quoted field is not closed",
                "line 8, onHand: is empty",
                "line 8, asOf: must be an ISO 8601 time with its offset, such as 2026-11-24T08:00:00Z, not '2026-11-24T08:00:00'",
            ],
            sheet.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void CountsWithoutADateNeedAsOfAndTheirOwnDateWins()
    {
        var noColumn = Parse("location,sku,onHand\nWH1,SKU-1,5\n");
        var emptyCell = Parse("location,sku,onHand,asOf\nWH1,SKU-1,5,\n");
        var given = Parse("location,sku,onHand,asOf\nWH1,SKU-1,5,\nWH1,SKU-2,6,2026-11-20T00:00:00Z\n", Taken);

        Assert.Equal(
            ["line 1: there is no asOf column and no --as-of: say when the counts were taken (a count is applied only if newer than the last)"],
            noColumn.Errors.Select(e => e.ToString()));
        Assert.Equal(["line 2, asOf: is empty and no --as-of was given"], emptyCell.Errors.Select(e => e.ToString()));
        Assert.Equal([Taken, new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero)], given.Counts.Select(c => c.AsOf));
    }

    [Fact]
    public void AHeaderThatIsNotTheCountHeaderIsRefused()
    {
        Assert.Equal(
            [
                "line 1: unknown column 'quantity': expected the header location,sku,onHand[,safetyStock][,asOf]",
                "line 1: column 'sku' appears twice",
                "line 1: column 'onHand' is missing: expected the header location,sku,onHand[,safetyStock][,asOf]",
            ],
            Parse("location,sku,quantity,SKU\n").Errors.Select(e => e.ToString()));
        Assert.Equal(["line 1: expected the header location,sku,onHand[,safetyStock][,asOf]"], Parse("").Errors.Select(e => e.ToString()));
        Assert.Equal(["line 1: the file has a header but no counts"], Parse("location,sku,onHand\n\n", Taken).Errors.Select(e => e.ToString()));
    }
}
