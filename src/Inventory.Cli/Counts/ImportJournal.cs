using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Inventory.Cli.Counts;

/// <summary>
/// A small text file next to the count file that records which lines were fully answered (every count applied or
/// already applied), so a re-run after an interruption sends only the rest. It belongs to one content of the count
/// file (and one <c>--as-of</c>): a journal of another content is started over. Without it nothing is applied twice
/// either, because the API answers a count it already has <c>stale</c>; the journal only saves sending it.
/// </summary>
public sealed partial class ImportJournal
{
    private const string Magic = "# inventory counts import journal v1";
    private const string IdentityPrefix = "csv ";
    private const string DonePrefix = "done ";

    private readonly Lock _gate = new();
    private readonly HashSet<int> _done;

    private ImportJournal(string? path, string identity, HashSet<int> done, bool startedOver)
    {
        Path = path;
        Identity = identity;
        _done = done;
        StartedOver = startedOver;
    }

    /// <summary>The journal file; null when journaling is off.</summary>
    public string? Path { get; }

    public string Identity { get; }

    /// <summary>A journal was there but belonged to another content of the count file, so it was started over.</summary>
    public bool StartedOver { get; }

    /// <summary>Lines recorded as fully answered by an earlier run.</summary>
    public IReadOnlySet<int> DoneLines => _done;

    /// <summary>No journal: every count is sent.</summary>
    public static ImportJournal None(string identity) => new(null, identity, [], startedOver: false);

    /// <summary>The default place: next to the count file, named after it.</summary>
    public static string DefaultPath(string csvPath) => csvPath + ".journal";

    /// <summary>Reads the journal at <paramref name="path"/> if it belongs to <paramref name="identity"/>, else starts it anew.</summary>
    public static ImportJournal Open(string path, string identity)
    {
        var done = new HashSet<int>();
        var existed = File.Exists(path);
        var matches = false;
        if (existed)
        {
            var lines = File.ReadAllLines(path);
            matches = lines.Length >= 2 && lines[0] == Magic && lines[1] == IdentityPrefix + identity;
            if (matches)
            {
                // A line cut short by a crash does not parse and is ignored: its file is simply sent again.
                foreach (var line in lines.Skip(2))
                {
                    ReadDone(line, done);
                }
            }
        }

        if (!matches)
        {
            File.WriteAllText(path, $"{Magic}\n{IdentityPrefix}{identity}\n");
        }

        return new ImportJournal(path, identity, done, startedOver: existed && !matches);
    }

    /// <summary>Records the lines of one count file that the API answered in full; durable before it returns.</summary>
    public void Record(IReadOnlyList<CountLine> file, int applied, int stale)
    {
        ArgumentNullException.ThrowIfNull(file);
        lock (_gate)
        {
            foreach (var count in file)
            {
                _done.Add(count.Line);
            }

            if (Path is null)
            {
                return;
            }

            var entry = new StringBuilder(DonePrefix).AppendJoin(',', Ranges(file.Select(c => c.Line)))
                .Append(CultureInfo.InvariantCulture, $" applied={applied} stale={stale}\n").ToString();
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            stream.Write(Encoding.UTF8.GetBytes(entry));
            stream.Flush(flushToDisk: true);
        }
    }

    private static void ReadDone(string line, HashSet<int> done)
    {
        var entry = DoneEntry().Match(line);
        if (!entry.Success)
        {
            return;
        }

        var ranges = entry.Groups[1].Value.Split(',');
        var parsed = new List<(int, int)>();
        foreach (var range in ranges)
        {
            var ends = range.Split('-');
            if (ends.Length != 2 || !int.TryParse(ends[0], CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(ends[1], CultureInfo.InvariantCulture, out var last) || first < 1 || last < first)
            {
                return;
            }

            parsed.Add((first, last));
        }

        foreach (var (first, last) in parsed)
        {
            for (var n = first; n <= last; n++)
            {
                done.Add(n);
            }
        }
    }

    /// <summary>Ascending line numbers as ranges: 2,3,4,7 → "2-4", "7-7".</summary>
    private static IEnumerable<string> Ranges(IEnumerable<int> lines)
    {
        int? first = null, last = null;
        foreach (var line in lines.Order())
        {
            if (last is { } l && line == l + 1)
            {
                last = line;
                continue;
            }

            if (first is not null)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");
            }

            first = last = line;
        }

        if (first is not null)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{first}-{last}");
        }
    }

    [GeneratedRegex(@"^done ([0-9,-]+) applied=[0-9]+ stale=[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DoneEntry();
}
