using System.ComponentModel.DataAnnotations;

namespace Inventory.Reservations;

/// <summary>Bounds of reservations (section <c>Inventory:Reservations</c>), enforced by the API and the grain.</summary>
public sealed class ReservationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Inventory:Reservations";

    /// <summary>TTL used when a request gives none.</summary>
    public TimeSpan DefaultTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest TTL a create or extend may ask for.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Latest expiry relative to creation, however often a reservation is extended.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long stock re-taken for a late payment stays held while the commit completes.</summary>
    public TimeSpan CommitGrace { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Period of the durable reminder a reservation keeps while a commit, fulfilment or cancellation is unfinished:
    /// if its silo dies, or a stock pair stays unreachable, the step is finished within about this long without anybody
    /// calling the reservation. The silo lowers Orleans' minimum reminder period to this if it is shorter.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SettleReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How soon a live reservation tries again to finish a transition that a failed stock call left half-done.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SettleRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most lines in one reservation.</summary>
    [Range(1, 1000)]
    public int MaxLines { get; set; } = 100;

    /// <summary>Largest quantity of one line.</summary>
    [Range(1, 1_000_000)]
    public int MaxLineQuantity { get; set; } = 10_000;
}
