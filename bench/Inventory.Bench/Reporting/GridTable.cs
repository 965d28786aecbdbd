using System.Text;

namespace Inventory.Bench.Reporting;

/// <summary>A plain-text grid with a header row: the first column left-aligned, the others right-aligned.</summary>
public sealed class GridTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) =>
        _rows.Add(cells.Length == headers.Length ? cells : throw new ArgumentException($"{cells.Length} cells for {headers.Length} columns"));

    public string Render()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Line(headers, widths));
        text.AppendLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            text.AppendLine(Line(row, widths));
        }

        return text.ToString();
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
}
