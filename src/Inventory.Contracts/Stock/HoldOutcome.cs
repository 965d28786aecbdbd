namespace Inventory.Stock;

/// <summary>How a hold request ended.</summary>
public enum HoldOutcome
{
    /// <summary>The units are held (or were already held by this reservation).</summary>
    Held = 0,

    /// <summary>Not enough is available; nothing changed.</summary>
    Insufficient = 1,

    /// <summary>This reservation's units are already committed; nothing changed.</summary>
    AlreadyCommitted = 2,

    /// <summary>This reservation already ended here (released, expired, shipped, cancelled) and the request was not a re-take.</summary>
    Closed = 3,
}
