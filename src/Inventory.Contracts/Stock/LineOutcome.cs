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
}
