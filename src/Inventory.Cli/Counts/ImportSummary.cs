using Inventory.Cli.Hosting;

namespace Inventory.Cli.Counts;

/// <summary>
/// How an import ended, count by count: <see cref="Applied"/> now, <see cref="Stale"/> (the service already had this
/// count or a newer one), <see cref="Skipped"/> (the journal says an earlier run had them answered),
/// <see cref="Failed"/> (refused or never answered; listed in <see cref="Failures"/>) and <see cref="NotSent"/>
/// (the import stopped first). They add up to <see cref="Counts"/>.
/// </summary>
public sealed record ImportSummary(
    string File,
    int Counts,
    int Applied,
    int Stale,
    int Skipped,
    int Failed,
    int NotSent,
    double ElapsedSeconds,
    string? StoppedBecause,
    IReadOnlyList<CountFailure> Failures)
{
    /// <summary>0 when every count is applied or already was; else why the import stopped, or 1 for failed counts.</summary>
    public int ExitCode { get; init; } = ExitCodes.Ok;
}

/// <summary>A count that was not applied, with why.</summary>
public sealed record CountFailure(int Line, string Location, string Sku, string Reason);

/// <summary>One count file (request) answered: its lines and outcomes, for the progress display.</summary>
public sealed record FileReport(int FirstLine, int LastLine, int Counts, int Applied, int Stale, int Failed);
