namespace Inventory.Silo.Hosting;

/// <summary>Where silos find each other.</summary>
public enum MembershipKind
{
    /// <summary>One process on this machine: development clustering, no servers (the embedded default).</summary>
    Localhost = 0,

    /// <summary>The production topology: the membership table lives in Redis.</summary>
    Redis = 1,
}
