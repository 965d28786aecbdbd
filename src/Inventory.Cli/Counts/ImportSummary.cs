using Inventory.Cli.Hosting;

namespace Inventory.Cli.Counts;

/// <summary>
/// How an import ended, count by count: <see cref="Applied"/> now, <see cref="Stale"/> (the service already had this
/// count or a newer one), <see cref="Skipped"/> (the journal says an earlier run had them answered),
/// <see cref="Failed"/> (refused by the service; listed in <see cref="Failures"/> with why), <see cref="Unanswered"/>
/// (sent, but no answer came through the retries or before an interruption: they may or may not be applied) and
/// <see cref="NotSent"/> (the import stopped first). They add up to <see cref="Counts"/>; a re-run sends again all but
/// the applied, stale and skipped.
/// </summary>
public sealed record ImportSummary(
    string File,
    int Counts,
    int Applied,
    int Stale,
    int Skipped,
    int Failed,
    int Unanswered,
    int NotSent,
    double ElapsedSeconds,
    string? StoppedBecause,
    string? UnansweredBecause,
    IReadOnlyList<CountFailure> Failures)
{
    /// <summary>
    /// 0 when every count is applied or already was; else the code of what stopped the import, 3 when some files were
    /// never answered, 1 when some counts were refused.
    /// </summary>
    public int ExitCode { get; init; } = ExitCodes.Ok;
}

/// <summary>A count that was not applied, with why.</summary>
public sealed record CountFailure(int Line, string Location, string Sku, string Reason);

/// <summary>One count file (request) answered: its lines and outcomes, for the progress display.</summary>
public sealed record FileReport(int FirstLine, int LastLine, int Counts, int Applied, int Stale, int Failed, int Unanswered = 0);
