namespace Inventory.Reservations;

/// <summary>What a caller sees of a reservation.</summary>
[GenerateSerializer, Immutable, Alias("inventory.ReservationView")]
public sealed record ReservationView
{
    /// <summary>The reservation id.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Where the reservation is in its lifecycle.</summary>
    [Id(1)] public ReservationStatus Status { get; init; }

    /// <summary>The lines, in the order they were requested.</summary>
    [Id(2)] public required IReadOnlyList<ReservationLine> Lines { get; init; }

    /// <summary>When the hold ends unless extended or committed.</summary>
    [Id(3)] public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the reservation was created.</summary>
    [Id(4)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the status last changed.</summary>
    [Id(5)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The order id given at commit.</summary>
    [Id(6)] public string? OrderId { get; init; }

    /// <summary>
    /// For a rejected or expired reservation: the lines that could not be held. For a held one: the short lines that
    /// refused its last commit or extension.
    /// </summary>
    [Id(7)] public IReadOnlyList<LineShortfall> Shortfalls { get; init; } = [];

    /// <summary>
    /// Read for a held reservation only: per line, in order, whether its hold is short now (the pair has fewer units on
    /// hand than it holds, and this hold is among the newest beyond them). Empty for any other status or reply.
    /// </summary>
    [Id(8)] public IReadOnlyList<bool> ShortLines { get; init; } = [];

    /// <summary>Whether the hold of line <paramref name="index"/> is short (see <see cref="ShortLines"/>).</summary>
    public bool IsShort(int index) => index < ShortLines.Count && ShortLines[index];
}
