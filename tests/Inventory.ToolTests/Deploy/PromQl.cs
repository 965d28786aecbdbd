using System.Text.RegularExpressions;

namespace Inventory.ToolTests.Deploy;

/// <summary>
/// The metric names a PromQL expression reads: every identifier that is not a function or aggregation (followed by
/// '('), a keyword, a label in a matcher or grouping, a string, a duration or a Grafana variable.
/// </summary>
public static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
    };

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = Strings().Replace(expression, "\"\"");
        text = Matchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = LabelValues().Replace(text, "$1");
        text = Groupings().Replace(text, " ");
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match identifier in Identifiers().Matches(text))
        {
            var rest = text.AsSpan(identifier.Index + identifier.Length).TrimStart();
            if (!Keywords.Contains(identifier.Value) && !(rest.Length > 0 && rest[0] == '('))
            {
                names.Add(identifier.Value);
            }
        }

        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    /// <summary>Grafana's <c>label_values(metric, label)</c>: only the first argument is a metric.</summary>
    [GeneratedRegex(@"\blabel_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,[^)]*\)")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    [GeneratedRegex(@"(?<![\w:$.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}
