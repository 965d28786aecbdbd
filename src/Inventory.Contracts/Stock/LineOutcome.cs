namespace Inventory.Stock;

/// <summary>How a release, extend, commit, ship or cancel of one reservation's units at one pair ended.</summary>
public enum LineOutcome
{
    /// <summary>The change was made.</summary>
    Done = 0,

    /// <summary>The change had already been made (an idempotent repeat).</summary>
    AlreadyDone = 1,

    /// <summary>The pair holds nothing for this reservation in the required state.</summary>
    NotFound = 2,

    /// <summary>
    /// The hold is short: the pair has fewer units on hand than it holds and sold, and this hold is among the newest
    /// beyond them (holds are served oldest first). It can be neither committed nor extended until stock comes back.
    /// </summary>
    InShortfall = 3,
}
