namespace Inventory.Reservations;

/// <summary>The persisted record of one reservation.</summary>
[GenerateSerializer, Alias("inventory.ReservationState")]
public sealed class ReservationState
{
    [Id(0)] public ReservationStatus Status { get; set; }
    [Id(1)] public List<ReservationLine> Lines { get; set; } = [];
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(4)] public DateTimeOffset UpdatedAt { get; set; }
    [Id(5)] public string? OrderId { get; set; }
    [Id(6)] public List<LineShortfall> Shortfalls { get; set; } = [];

    /// <summary>The transition in progress, if any (see <see cref="ReservationIntent"/>).</summary>
    [Id(7)] public ReservationIntent Intent { get; set; }

    /// <summary>
    /// A copy that shares the lists: <see cref="Reservation"/> never changes a record or its lists in place, it gives a
    /// copy new ones.
    /// </summary>
    public ReservationState Copy() => (ReservationState)MemberwiseClone();
}
