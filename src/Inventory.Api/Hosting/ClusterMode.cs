namespace Inventory.Api.Hosting;

/// <summary>How the API reaches the grains.</summary>
public enum ClusterMode
{
    /// <summary>The embedded default: a silo runs inside the API process.</summary>
    CoHosted = 0,

    /// <summary>The API is a client of standalone silos reached through their gateways.</summary>
    Client = 1,
}
