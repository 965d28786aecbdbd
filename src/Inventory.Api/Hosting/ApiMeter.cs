using System.Diagnostics.Metrics;

namespace Inventory.Api.Hosting;

/// <summary>The API node's own meter; the cache and checkout instruments are created on it.</summary>
public static class ApiMeter
{
    public const string Name = "Inventory.Api";

    internal static Meter Instance { get; } = new(Name);
}
