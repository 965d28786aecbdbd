using System.Globalization;

namespace Inventory.Bench.Churn;

/// <summary>
/// The service's <c>inventory.stock.write_bytes</c> histogram as its Prometheus endpoint shows it: how many stock writes
/// there were and the bucket the largest one fell in (an upper bound: the exporter gives buckets, not a maximum).
/// </summary>
public sealed record WriteSizes(long Writes, double MeanBytes, double LargestAtMostBytes)
{
    private const string Metric = "inventory_stock_write_bytes";

    public static async Task<WriteSizes> ReadAsync(HttpClient service, CancellationToken cancellation)
    {
        var text = await service.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellation);
        var buckets = new List<(double UpperBound, long Count)>();
        double sum = 0;
        long count = 0;
        foreach (var line in text.Split('\n').Where(l => l.StartsWith(Metric, StringComparison.Ordinal)))
        {
            var value = double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            if (line.Contains("_bucket{", StringComparison.Ordinal))
            {
                var le = line[(line.IndexOf("le=\"", StringComparison.Ordinal) + 4)..];
                le = le[..le.IndexOf('"', StringComparison.Ordinal)];
                buckets.Add((le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture), (long)value));
            }
            else if (line.Contains("_sum", StringComparison.Ordinal))
            {
                sum = value;
            }
            else if (line.Contains("_count", StringComparison.Ordinal))
            {
                count = (long)value;
            }
        }

        if (count == 0)
        {
            throw new InvalidOperationException($"the service's /metrics shows no {Metric}: no stock write was recorded");
        }

        // Buckets are cumulative: the largest write is in the first bucket that holds them all.
        var largest = buckets.OrderBy(b => b.UpperBound).First(b => b.Count == count).UpperBound;
        return new WriteSizes(count, sum / count, largest);
    }
}
