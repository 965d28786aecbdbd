namespace Inventory.Stock;

/// <summary>How a hold request ended. Sent between silos, which may run different versions during an upgrade: add values, never renumber.</summary>
public enum HoldOutcome
{
    /// <summary>The units are held (or were already held by this reservation).</summary>
    Held = 0,

    /// <summary>Not enough is available; nothing changed.</summary>
    Insufficient = 1,

    /// <summary>This reservation's units are already committed; nothing changed.</summary>
    AlreadyCommitted = 2,

    /// <summary>This reservation already ended here (released, shipped, cancelled) and the request was not a re-take.</summary>
    Closed = 3,

    /// <summary>
    /// The hold's time is up by the pair's clock: this reservation's hold here already expired (and the request was
    /// not a re-take), or the requested expiry is not after now. Nothing changed. Unlike <see cref="Insufficient"/> it
    /// says nothing about stock: the caller's own clock may simply not have reached the expiry yet.
    /// </summary>
    Expired = 4,
}
