using System.ComponentModel.DataAnnotations;

namespace Inventory.Api.Availability;

/// <summary>The browse-path availability cache of each API node (section <c>Inventory:Api:Cache</c>).</summary>
public sealed class CacheSettings
{
    public const string Section = "Inventory:Api:Cache";

    /// <summary>
    /// Backstop only: an entry not confirmed (pushed or read) for this long is read again from its stock grain.
    /// Changes normally replace entries within milliseconds by push.
    /// </summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>Cache-Control: max-age</c> sent to browsers and CDNs, in seconds.</summary>
    [Range(0, 3600)]
    public int MaxAgeSeconds { get; set; } = 1;

    /// <summary>How often the node renews its subscription to the cluster's cache shards.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most pairs in one <c>POST /v1/availability/query</c>.</summary>
    [Range(1, 5000)]
    public int MaxQueryItems { get; set; } = 500;
}
