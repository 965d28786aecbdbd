using System.Globalization;

namespace Inventory.Bench.Compare;

/// <summary>The one line a peer script prints (<c>peer=… workload=… clients=… ops_per_s=… p50_ms=… p99_ms=… ok=… rejected=…</c>), parsed.</summary>
public sealed record PeerResult(string Peer, string Workload, int Clients, IReadOnlyDictionary<string, string> Fields)
{
    public double OpsPerSecond => Number("ops_per_s");
    public double P50 => Number("p50_ms");
    public double P99 => Number("p99_ms");
    public long Ok => (long)Number("ok");
    public long Errors => Fields.ContainsKey("errors") ? (long)Number("errors") : 0;

    /// <summary>The sell-out verdict the script printed (S only).</summary>
    public string? SellOut => Fields.GetValueOrDefault("sellout");

    public double Number(string field) =>
        Fields.TryGetValue(field, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    public static PeerResult Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        return new PeerResult(
            fields.GetValueOrDefault("peer") ?? throw new FormatException("no peer= in: " + line),
            fields.GetValueOrDefault("workload") ?? "?",
            int.Parse(fields.GetValueOrDefault("clients") ?? "0", CultureInfo.InvariantCulture),
            fields);
    }
}
