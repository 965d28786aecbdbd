using System.Globalization;

namespace Inventory.Bench.Reporting;

/// <summary>How numbers appear in the output: invariant culture, units spelled out.</summary>
public static class Units
{
    public static string Ms(double milliseconds) =>
        double.IsNaN(milliseconds) ? "n/a" : milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string PerSecond(double rate) => double.IsNaN(rate) ? "n/a" : rate.ToString("#,0", CultureInfo.InvariantCulture) + " /s";

    public static string Count(long count) => count.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
