using Inventory.Reservations;
using Inventory.Stock;

namespace Inventory.Silo.Storage;

/// <summary>
/// What the <see cref="StorageJanitor"/> may delete, decided on decoded rows (pure: the janitor reads and deletes).
/// Ages are not decided here: the janitor only looks at rows last written longer ago than the retention or grace.
/// </summary>
public static class StorageRetention
{
    /// <summary>
    /// A reservation that ended (released, expired, rejected, fulfilled, cancelled) with nothing left to finish. A
    /// committed one is an open order and stays; one with an intent is finished by its next activation first.
    /// </summary>
    public static bool HasEnded(ReservationState reservation) =>
        reservation.Intent == ReservationIntent.None
        && reservation.Status is ReservationStatus.Released or ReservationStatus.Expired or ReservationStatus.Rejected
            or ReservationStatus.Fulfilled or ReservationStatus.Cancelled;

    /// <summary>
    /// A hold page its pair's stored row (<paramref name="pair"/>; null when the pair has none) does not list: it is
    /// never read again. Page names are never reused, so an unlisted page old enough (its row would have been
    /// written right after it) stays unlisted.
    /// </summary>
    public static bool IsUnlisted(string page, StockState? pair) => pair is null || !pair.HoldPages.Contains(page);
}
