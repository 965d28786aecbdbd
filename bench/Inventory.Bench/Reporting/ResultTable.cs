using System.Text;

namespace Inventory.Bench.Reporting;

/// <summary>
/// A plain-text table of results grouped in sections, with an optional target and PASS/MISS per row; readable in
/// a terminal and pasteable into a README as it is.
/// </summary>
public sealed class ResultTable(string title)
{
    private readonly List<Row> _rows = [];

    private sealed record Row(string? Section, string Metric, string Measured, string Target, string Verdict);

    public void Section(string name) => _rows.Add(new Row(name, "", "", "", ""));

    public void Add(string metric, string measured) => _rows.Add(new Row(null, metric, measured, "", ""));

    /// <summary>A measured value next to its target; <paramref name="met"/> null means not measurable (n/a).</summary>
    public void AddTarget(string metric, string measured, string target, bool? met) =>
        _rows.Add(new Row(null, metric, measured, target, met switch { true => "PASS", false => "MISS", null => "n/a" }));

    public string Render()
    {
        string[] headers = ["", "measured", "target", ""];
        var data = _rows.Where(r => r.Section is null).ToList();
        var widths = new[]
        {
            Math.Max(headers[0].Length, data.Select(r => r.Metric.Length + 2).DefaultIfEmpty(0).Max()),
            Math.Max(headers[1].Length, data.Select(r => r.Measured.Length).DefaultIfEmpty(0).Max()),
            Math.Max(headers[2].Length, data.Select(r => r.Target.Length).DefaultIfEmpty(0).Max()),
            4,
        };
        var total = widths.Sum() + 3 * 3;
        var text = new StringBuilder();
        text.AppendLine(new string('=', total));
        text.AppendLine(title);
        text.AppendLine(new string('=', total));
        text.AppendLine(Line(headers, widths));
        foreach (var row in _rows)
        {
            if (row.Section is not null)
            {
                text.AppendLine(new string('-', total));
                text.AppendLine(row.Section);
                continue;
            }

            text.AppendLine(Line(["  " + row.Metric, row.Measured, row.Target, row.Verdict], widths));
        }

        text.AppendLine(new string('=', total));
        return text.ToString();
    }

    private static string Line(string[] cells, int[] widths) =>
        $"{cells[0].PadRight(widths[0])} | {cells[1].PadLeft(widths[1])} | {cells[2].PadRight(widths[2])} | {cells[3]}".TrimEnd();
}
