using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Inventory.Cli.Counts;

/// <summary>
/// A count file read and checked whole before anything is sent: CSV with the header
/// <c>location,sku,onHand[,safetyStock][,asOf]</c> (columns in any order, names in any case), checked the way the
/// API checks a count (codes, ranges, a date), plus what the API only sees per request: a pair counted twice
/// anywhere in the file. Every bad line is reported, with its number.
/// </summary>
public sealed partial class CountSheet
{
    /// <summary>Largest quantity the API accepts for any stock field (its <c>RequestValidation.MaxUnits</c>).</summary>
    public const long MaxUnits = 1_000_000_000;

    public const string Header = "location,sku,onHand[,safetyStock][,asOf]";

    private static readonly string[] Required = ["location", "sku", "onHand"];
    private static readonly string[] Known = [.. Required, "safetyStock", "asOf"];

    private CountSheet(IReadOnlyList<CountLine> counts, IReadOnlyList<LineError> errors)
    {
        Counts = counts;
        Errors = errors;
    }

    /// <summary>The counts, in file order; empty when there are <see cref="Errors"/>.</summary>
    public IReadOnlyList<CountLine> Counts { get; }

    public IReadOnlyList<LineError> Errors { get; }

    public bool IsValid => Errors.Count == 0;

    /// <param name="reader">The CSV text.</param>
    /// <param name="defaultAsOf">When the counts were taken, for lines without their own <c>asOf</c>.</param>
    public static CountSheet Parse(TextReader reader, DateTimeOffset? defaultAsOf)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new List<LineError>();
        var header = reader.ReadLine();
        if (header is null || string.IsNullOrWhiteSpace(header))
        {
            return Invalid(new LineError(1, null, $"expected the header {Header}"));
        }

        var columns = ReadHeader(header, errors);
        if (columns is null)
        {
            return new CountSheet([], errors);
        }

        if (!columns.ContainsKey("asOf") && defaultAsOf is null)
        {
            return Invalid(new LineError(1, null,
                "there is no asOf column and no --as-of: say when the counts were taken (a count is applied only if newer than the last)"));
        }

        var counts = new List<CountLine>();
        var firstLineOf = new Dictionary<(string, string), int>();
        var number = 1;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var count = ReadLine(number, text, columns, defaultAsOf, errors);
            if (count is null)
            {
                continue;
            }

            if (firstLineOf.TryGetValue((count.Location, count.Sku), out var first))
            {
                errors.Add(new LineError(number, null, $"SKU '{count.Sku}' at '{count.Location}' is already counted on line {first}"));
                continue;
            }

            firstLineOf[(count.Location, count.Sku)] = number;
            counts.Add(count);
        }

        if (counts.Count == 0 && errors.Count == 0)
        {
            errors.Add(new LineError(1, null, "the file has a header but no counts"));
        }

        return errors.Count > 0 ? new CountSheet([], errors) : new CountSheet(counts, []);
    }

    private static CountSheet Invalid(LineError error) => new([], [error]);

    private static Dictionary<string, int>? ReadHeader(string header, List<LineError> errors)
    {
        var fields = Split(header.TrimStart('\uFEFF'));
        if (fields is null)
        {
            errors.Add(new LineError(1, null, "a quoted field is not closed"));
            return null;
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var name = Known.FirstOrDefault(k => string.Equals(k, fields[i], StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                errors.Add(new LineError(1, null, $"unknown column '{fields[i]}': expected the header {Header}"));
            }
            else if (!columns.TryAdd(name, i))
            {
                errors.Add(new LineError(1, null, $"column '{name}' appears twice"));
            }
        }

        foreach (var missing in Required.Where(r => !columns.ContainsKey(r)))
        {
            errors.Add(new LineError(1, null, $"column '{missing}' is missing: expected the header {Header}"));
        }

        return errors.Count == 0 ? columns : null;
    }

    private static CountLine? ReadLine(int number, string text, Dictionary<string, int> columns, DateTimeOffset? defaultAsOf, List<LineError> errors)
    {
        var fields = Split(text);
        if (fields is null)
        {
            errors.Add(new LineError(number, null, "a quoted field is not closed"));
            return null;
        }

        if (fields.Count != columns.Count)
        {
            errors.Add(new LineError(number, null, $"has {fields.Count} fields, the header has {columns.Count}"));
            return null;
        }

        var before = errors.Count;
        string Field(string name) => columns.TryGetValue(name, out var i) ? fields[i] : "";

        var location = Code(number, "location", Field("location"), errors);
        var sku = Code(number, "sku", Field("sku"), errors);
        var onHand = Units(number, "onHand", Field("onHand"), required: true, errors);
        var safetyStock = Units(number, "safetyStock", Field("safetyStock"), required: false, errors);
        var asOf = Date(number, Field("asOf"), defaultAsOf, errors);
        return errors.Count > before ? null : new CountLine(number, location, sku, onHand!.Value, safetyStock, asOf!.Value);
    }

    private static string Code(int number, string field, string value, List<LineError> errors)
    {
        if (!Codes.IsValid(value))
        {
            errors.Add(new LineError(number, field, value.Length == 0 ? "is empty" : $"'{Shorten(value)}' {Codes.Rule}"));
        }

        return value;
    }

    private static long? Units(int number, string field, string value, bool required, List<LineError> errors)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add(new LineError(number, field, "is empty"));
            }

            return null;
        }

        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var units) || units is < 0 or > MaxUnits)
        {
            errors.Add(new LineError(number, field, $"must be a whole number from 0 to {MaxUnits}, not '{Shorten(value)}'"));
            return null;
        }

        return units;
    }

    private static DateTimeOffset? Date(int number, string value, DateTimeOffset? defaultAsOf, List<LineError> errors)
    {
        if (value.Length == 0)
        {
            if (defaultAsOf is null)
            {
                errors.Add(new LineError(number, "asOf", "is empty and no --as-of was given"));
            }

            return defaultAsOf;
        }

        if (TryParseDate(value, out var asOf))
        {
            return asOf;
        }

        errors.Add(new LineError(number, "asOf", $"must be an ISO 8601 time with its offset, such as 2026-11-24T08:00:00Z, not '{Shorten(value)}'"));
        return null;
    }

    /// <summary>
    /// An ISO 8601 date and time with <c>Z</c> or an offset: a time without one would mean a different instant on
    /// every machine, and a count's time decides whether it is applied.
    /// </summary>
    public static bool TryParseDate(string value, out DateTimeOffset asOf)
    {
        asOf = default;
        return IsoDateTime().IsMatch(value)
               && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf);
    }

    /// <summary>Splits one CSV line; a field may be quoted (<c>""</c> inside is a quote). Null if a quote is not closed.</summary>
    private static List<string>? Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return null;
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString().Trim());
            field.Clear();
            if (i >= line.Length)
            {
                return fields;
            }

            i++;
        }
    }

    private static string Shorten(string value) => value.Length > 70 ? value[..70] + "…" : value;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateTime();
}
