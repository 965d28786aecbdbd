using System.Diagnostics.CodeAnalysis;

namespace Inventory;

/// <summary>
/// Identifies one stock pair: a SKU at a location. This is the only place that formats or parses
/// the stock grain's key, so nobody concatenates key strings by hand.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.StockKey")]
public readonly record struct StockKey
{
    private const char Separator = '/';

    /// <summary>Creates a key; both codes must satisfy <see cref="Codes.IsValid"/>.</summary>
    public StockKey(string location, string sku)
    {
        if (!Codes.IsValid(location))
        {
            throw new ArgumentException($"Location {Codes.Rule}.", nameof(location));
        }

        if (!Codes.IsValid(sku))
        {
            throw new ArgumentException($"SKU {Codes.Rule}.", nameof(sku));
        }

        Location = location;
        Sku = sku;
    }

    /// <summary>The location (warehouse, store) code.</summary>
    [Id(0)] public string Location { get; }

    /// <summary>The SKU code.</summary>
    [Id(1)] public string Sku { get; }

    /// <summary>The grain key and stream key: <c>location/sku</c>.</summary>
    public override string ToString() => $"{Location}{Separator}{Sku}";

    /// <summary>Parses a key produced by <see cref="ToString"/>.</summary>
    public static StockKey Parse(string value) =>
        TryParse(value, out var key) ? key : throw new FormatException($"'{value}' is not a stock key (location/sku).");

    /// <summary>Parses a key produced by <see cref="ToString"/>, without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out StockKey key)
    {
        key = default;
        if (value is null)
        {
            return false;
        }

        var at = value.IndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0 || at == value.Length - 1)
        {
            return false;
        }

        var location = value[..at];
        var sku = value[(at + 1)..];
        if (!Codes.IsValid(location) || !Codes.IsValid(sku))
        {
            return false;
        }

        key = new StockKey(location, sku);
        return true;
    }
}
