using System.ComponentModel.DataAnnotations;

namespace Inventory.Silo.Hosting;

/// <summary>How the silo keeps <c>inventory.shortfall.units</c> current (section <c>Inventory:ShortfallGauge</c>).</summary>
public sealed class ShortfallPollerOptions
{
    public const string Section = "Inventory:ShortfallGauge";

    /// <summary>How often the shortfall per location is read from storage (one grouped query each time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollPeriod { get; set; } = TimeSpan.FromSeconds(15);
}
