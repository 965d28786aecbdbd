namespace Inventory.Stock;

/// <summary>How a warehouse feed operation (count, adjustment, receipt, return) ended.</summary>
public enum StockFeedOutcome
{
    /// <summary>Applied.</summary>
    Applied = 0,

    /// <summary>Its operation id was already applied; nothing changed.</summary>
    Duplicate = 1,

    /// <summary>A count older than (or as old as) the last applied count; nothing changed.</summary>
    Stale = 2,

    /// <summary>Refused because it would make a quantity negative; nothing changed.</summary>
    Rejected = 3,

    /// <summary>The pair is not at the version the caller expected (If-Match); nothing changed.</summary>
    VersionMismatch = 4,

    /// <summary>
    /// Its <c>asOf</c> or <c>occurredAt</c> lies further ahead of the pair's clock than
    /// <see cref="StockOptions.MaxClockSkew"/> allows; nothing changed.
    /// </summary>
    FutureDated = 5,
}
