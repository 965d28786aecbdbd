namespace Inventory.Cli.Counts;

/// <summary>One valid count of a count file, with the line it came from (the header is line 1).</summary>
public sealed record CountLine(int Line, string Location, string Sku, long OnHand, long? SafetyStock, DateTimeOffset AsOf);
