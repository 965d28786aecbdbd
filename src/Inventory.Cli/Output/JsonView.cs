using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Inventory.Cli.Output;

/// <summary>Tables for people from the API's JSON, so a field the API adds shows up without a change here.</summary>
public static class JsonView
{
    /// <summary>One row per property of <paramref name="value"/> except <paramref name="skip"/>.</summary>
    public static Table Properties(JsonElement value, string title, params string[] skip)
    {
        var table = new Table().Title(Markup.Escape(title)).HideHeaders().AddColumn("Field").AddColumn("Value");
        foreach (var property in value.EnumerateObject().Where(p => !skip.Contains(p.Name, StringComparer.Ordinal)))
        {
            table.AddRow(new Text(property.Name), new Text(Format(property.Value)));
        }

        return table;
    }

    /// <summary>One row per element of <paramref name="items"/>, one column per (header, property) in <paramref name="columns"/>.</summary>
    public static Table Rows(JsonElement items, string title, params (string Header, string Property)[] columns)
    {
        var table = new Table().Title(Markup.Escape(title));
        foreach (var (header, _) in columns)
        {
            table.AddColumn(header);
        }

        foreach (var item in items.EnumerateArray())
        {
            table.AddRow([.. columns.Select(c => new Text(item.TryGetProperty(c.Property, out var v) ? Format(v) : ""))]);
        }

        return table;
    }

    /// <summary>A value as one short line: text as is, numbers and dates readable, nested values summarised.</summary>
    public static string Format(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "-",
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole.ToString("N0", CultureInfo.InvariantCulture),
        JsonValueKind.Number => value.GetDouble().ToString("0.###", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => $"{value.GetArrayLength()} item(s)",
        _ => string.Join(", ", value.EnumerateObject().Select(p => $"{p.Name}: {Format(p.Value)}")),
    };
}
