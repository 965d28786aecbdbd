using System.Text;
using System.Text.RegularExpressions;

namespace Inventory.ToolTests.Deploy;

/// <summary>
/// The rules of deploy/prometheus/alerts.yml and what its unit tests check, read from the YAML text (no YAML
/// library): <c>- alert: Name</c> followed by <c>expr:</c> on one line or as a block (<c>expr: |</c>).
/// </summary>
public static partial class AlertRules
{
    public static string RulesPath => Infrastructure.Repository.Deploy("prometheus", "alerts.yml");

    public static string TestsPath => Infrastructure.Repository.Deploy("prometheus", "alerts.test.yml");

    /// <summary>Each rule's name and expression, in file order.</summary>
    public static IReadOnlyList<(string Alert, string Expression)> Read()
    {
        var lines = File.ReadAllLines(RulesPath);
        var rules = new List<(string, string)>();
        string? alert = null;
        for (var i = 0; i < lines.Length; i++)
        {
            if (AlertLine().Match(lines[i]) is { Success: true } name)
            {
                alert = name.Groups[1].Value;
                continue;
            }

            if (ExprLine().Match(lines[i]) is not { Success: true } expr || alert is null)
            {
                continue;
            }

            var value = expr.Groups[2].Value.Trim();
            if (value is "|" or "|-" or ">" or ">-")
            {
                var indent = expr.Groups[1].Value.Length;
                var block = new StringBuilder();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || Indent(lines[i + 1]) > indent))
                {
                    block.AppendLine(lines[++i].Trim());
                }

                value = block.ToString().Trim();
            }

            rules.Add((alert, value.Trim('"', '\'')));
            alert = null;
        }

        return rules;
    }

    /// <summary>Alert names with a unit test case that expects them to fire, and with one that expects them quiet.</summary>
    public static (IReadOnlySet<string> Firing, IReadOnlySet<string> Quiet) Tested()
    {
        var firing = new HashSet<string>(StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        string? alert = null;
        foreach (var line in File.ReadAllLines(TestsPath))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("alertname:", StringComparison.Ordinal))
            {
                alert = trimmed["alertname:".Length..].Trim();
            }
            else if (alert is not null && trimmed == "exp_alerts: []")
            {
                quiet.Add(alert);
            }
            else if (alert is not null && trimmed.StartsWith("- exp_labels:", StringComparison.Ordinal))
            {
                firing.Add(alert);
            }
        }

        return (firing, quiet);
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    [GeneratedRegex(@"^\s*-\s*alert:\s*(\S+)\s*$")]
    private static partial Regex AlertLine();

    [GeneratedRegex(@"^(\s*)expr:\s*(.*)$")]
    private static partial Regex ExprLine();
}
