namespace Inventory.Api.Hosting;

/// <summary>How the API joins the cluster (section <c>Inventory:Api</c>).</summary>
public sealed class ApiClusterOptions
{
    public const string Section = "Inventory:Api";

    /// <summary><c>CoHosted</c> (default) or <c>Client</c>.</summary>
    public ClusterMode Mode { get; set; } = ClusterMode.CoHosted;

    /// <summary>In client mode: the silos' gateways as <c>host:port</c>.</summary>
    public List<string> Gateways { get; set; } = [];
}
