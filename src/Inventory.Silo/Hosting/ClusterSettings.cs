using System.ComponentModel.DataAnnotations;

namespace Inventory.Silo.Hosting;

/// <summary>Cluster identity and endpoints (section <c>Inventory:Cluster</c>).</summary>
public sealed class ClusterSettings
{
    public const string Section = "Inventory:Cluster";

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ClusterId { get; set; } = "inventory-dev";

    /// <summary>Identifies the service across deployments: stored grain state is keyed by it.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$")]
    public string ServiceId { get; set; } = "inventory";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (the API in client mode) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;
}
