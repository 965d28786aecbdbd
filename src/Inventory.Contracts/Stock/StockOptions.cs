using System.ComponentModel.DataAnnotations;

namespace Inventory.Stock;

/// <summary>Rules of every stock pair (section <c>Inventory:Stock</c>).</summary>
public sealed class StockOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Inventory:Stock";

    /// <summary>Available at or below this (and above 0) is shown as low stock.</summary>
    [Range(0, int.MaxValue)]
    public int LowStockThreshold { get; set; } = 5;

    /// <summary>How long an ended reservation is remembered, so a late repeat of its messages changes nothing.</summary>
    public TimeSpan ClosedReservationRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a pair keeps in memory what it needs to answer repeats at once: the reservations that ended there, the
    /// orders it opened and the feed operations it applied. Older ones are looked up in storage (the pair's ended
    /// reservations, open orders and movements), so memory and the stored row stay small however busy the pair is. It
    /// must outlast any grain call still in flight (a hold that arrives after its release must find the release).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:30", "1.00:00:00")]
    public TimeSpan RecentInMemory { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How far ahead of the pair's clock a count's <c>asOf</c> or a feed's <c>occurredAt</c> may be: further ahead is
    /// refused (400), since a count dated in the future would make every correct count after it look stale.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Period of the durable reminder a pair keeps while it holds stock. Its timer expires holds on time while it is
    /// active; after a silo crash the reminder brings it back on a surviving silo within about this long.
    /// </summary>
    public TimeSpan ExpiryReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Holds per sealed page of a pair's stored state: a pair's own row never carries more live holds than about
    /// this many, so its writes stay small however many holds it has (see <c>HoldPaging</c>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int HoldPageSize { get; set; } = 256;

    /// <summary>
    /// How long a pair's movements are kept: the storage janitor deletes those recorded longer ago. A count dated
    /// before it can no longer be reconciled with the movements after it.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan MovementRetention { get; set; } = TimeSpan.FromDays(400);
}
