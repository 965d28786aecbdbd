using System.ComponentModel.DataAnnotations;

namespace Inventory.Api.Hosting;

/// <summary>How long a caller waits for the cluster at most (section <c>Inventory:Api:TimeBudgets</c>).</summary>
public sealed class TimeBudgetOptions
{
    public const string Section = "Inventory:Api:TimeBudgets";

    /// <summary>Checkout (reservation) calls: past this the caller gets 503 with Retry-After instead of waiting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan Checkout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Browse reads that miss the cache: past this the last known value is served, marked stale.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan Browse { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Each pair's count in a bulk count file (<c>POST /v1/stock/counts</c>): past this the request answers 503,
    /// saying how many counts were applied; repeating it is safe.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan Feed { get; set; } = TimeSpan.FromSeconds(30);
}
