namespace Inventory.Reservations;

/// <summary>
/// One checkout's hold on one or more lines (key: the reservation id). Its record is persisted before any hold is
/// placed, so a crash half-way is finished on reactivation; a grain timer releases the lines at expiry.
/// </summary>
[Alias("inventory.IReservationGrain")]
public interface IReservationGrain : IGrainWithStringKey
{
    /// <summary>Holds every line, all or nothing. Sending the same create again holds once.</summary>
    [Alias("create")] Task<ReservationReply> CreateAsync(CreateReservation request);

    /// <summary>The reservation, or <c>null</c> when none has this id.</summary>
    [Alias("get")] Task<ReservationView?> GetAsync();

    /// <summary>Pushes the expiry out to now + <paramref name="ttl"/> (bounded).</summary>
    [Alias("extend")] Task<ReservationReply> ExtendAsync(TimeSpan ttl);

    /// <summary>Payment done: the lines become sold. After expiry, re-takes the stock if it is still available.</summary>
    [Alias("commit")] Task<ReservationReply> CommitAsync(string orderId);

    /// <summary>The shopper left: releases the holds. Idempotent.</summary>
    [Alias("release")] Task<ReservationReply> ReleaseAsync();

    /// <summary>Ships the committed lines.</summary>
    [Alias("fulfill")] Task<ReservationReply> FulfillAsync();

    /// <summary>Cancels the committed order: its units become available again.</summary>
    [Alias("cancel")] Task<ReservationReply> CancelAsync();
}
