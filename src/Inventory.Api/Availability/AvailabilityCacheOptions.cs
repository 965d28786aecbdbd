using System.ComponentModel.DataAnnotations;

namespace Inventory.Api.Availability;

/// <summary>The browse-path availability cache of each API node (section <c>Inventory:Api:Cache</c>).</summary>
public sealed class AvailabilityCacheOptions
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

    /// <summary>
    /// A query counts against its API key's rate limit as one request per this many pairs (rounded up), so the work
    /// a key can cause is bounded by the pairs it asks for, not only by its requests.
    /// </summary>
    [Range(1, 5000)]
    public int QueryPairsPerRequest { get; set; } = 10;

    /// <summary>
    /// How long a pair found not to exist is answered as unknown without asking its stock grain again. The pair's
    /// first change, pushed to the node, ends it at once; this only bounds how long a lost push can hide a new pair.
    /// Zero turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnknownTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most unknown pairs a node remembers; past it, further unknown pairs are asked of their grains each time.</summary>
    [Range(0, 1_000_000)]
    public int MaxUnknownPairs { get; set; } = 10_000;
}
