namespace Inventory.Cli.Hosting;

/// <summary>
/// The tool's exit codes. Scripts branch on them, so they are documented in the README and never renumbered.
/// </summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>Some counts were not applied (listed), or the pair, reservation or channel asked for does not exist.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments, a count file with bad lines (nothing sent), or a request the API refused as invalid.</summary>
    public const int Usage = 2;

    /// <summary>The service could not be reached, or stayed unavailable (503, 429, timeouts) through every retry.</summary>
    public const int Unavailable = 3;

    /// <summary>The API key is unknown (401) or lacks the role the command needs (403).</summary>
    public const int Unauthorized = 4;

    /// <summary>The service answered something the tool cannot read (a 500, or a body that is not the expected JSON).</summary>
    public const int Unexpected = 5;

    /// <summary>Interrupted (Ctrl+C or SIGTERM); an import's journal keeps what was done.</summary>
    public const int Interrupted = 130;
}
