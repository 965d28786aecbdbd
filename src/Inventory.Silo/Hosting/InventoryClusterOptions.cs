using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Inventory.Silo.Hosting;

/// <summary>Cluster identity, membership and endpoints (section <c>Inventory:Cluster</c>).</summary>
public sealed class InventoryClusterOptions : IValidatableObject
{
    public const string Section = "Inventory:Cluster";

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "ClusterId must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string ClusterId { get; set; } = "inventory-dev";

    /// <summary>Identifies the service across deployments: stored grain state is keyed by it.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "ServiceId must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string ServiceId { get; set; } = "inventory";

    /// <summary><c>Localhost</c> (embedded default) or <c>Redis</c>.</summary>
    public MembershipKind Membership { get; set; } = MembershipKind.Localhost;

    /// <summary>Redis connection string (StackExchange.Redis format, e.g. <c>redis1:6379,password=…</c>) when <see cref="Membership"/> is Redis.</summary>
    public string? Redis { get; set; }

    /// <summary>Address other silos and clients reach this silo at; Orleans picks one when empty.</summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// Redis membership: listen on every interface of this host instead of the advertised address only (behind NAT,
    /// e.g. in a container whose advertised address is not its own). The silo and gateway ports take grain calls
    /// without API keys, so they must only be reachable from a private network.
    /// </summary>
    public bool ListenOnAllInterfaces { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (the API in client mode) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Membership == MembershipKind.Redis && string.IsNullOrWhiteSpace(Redis))
        {
            yield return new ValidationResult("Membership is Redis, so Redis (a connection string such as 'localhost:6379') is required.", [nameof(Redis)]);
        }

        if (Membership == MembershipKind.Localhost && ListenOnAllInterfaces)
        {
            yield return new ValidationResult(
                "ListenOnAllInterfaces applies to Redis membership only: the embedded (Localhost) silo listens on loopback.", [nameof(ListenOnAllInterfaces)]);
        }

        if (!string.IsNullOrWhiteSpace(AdvertisedIPAddress) && !IPAddress.TryParse(AdvertisedIPAddress, out _))
        {
            yield return new ValidationResult($"AdvertisedIPAddress '{AdvertisedIPAddress}' is not an IP address.", [nameof(AdvertisedIPAddress)]);
        }
    }
}
