using System.ComponentModel.DataAnnotations;

namespace Inventory.ServiceDefaults.Security;

/// <summary>One API key as configured: only its SHA-256 is stored, never the key itself.</summary>
public sealed class ApiKeyEntry
{
    /// <summary>Who holds the key (e.g. <c>storefront-eu</c>); appears in logs and partitions rate limits and idempotency keys.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "Name must be 1–64 characters of letters, digits, '.', '_' or '-'.")]
    public string? Name { get; set; }

    /// <summary>Lowercase hex SHA-256 of the key's UTF-8 bytes (<c>Inventory.Api hash-key</c> prints it).</summary>
    [Required, RegularExpression("^[0-9a-f]{64}$", ErrorMessage = "Sha256 must be 64 lowercase hex characters.")]
    public string? Sha256 { get; set; }

    /// <summary>Any of <c>storefront</c>, <c>ops</c>, <c>admin</c>.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>This key's rate limit; the default applies when unset.</summary>
    [Range(1, 1_000_000)]
    public int? RequestsPerSecond { get; set; }
}
