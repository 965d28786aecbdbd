using System.ComponentModel.DataAnnotations;

namespace Inventory.Api.Idempotency;

/// <summary>Idempotency-Key handling (section <c>Inventory:Api:Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Inventory:Api:Idempotency";

    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>Set on an answer that repeats the stored first answer.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>How long a key's first answer is kept and replayed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a key stays claimed by a request that has not answered: its node may have died, so past this a retry
    /// runs the request again (every operation behind a key is idempotent, so it still takes effect once). Longer than
    /// the checkout budget, so a request that is merely slow keeps its key.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}
