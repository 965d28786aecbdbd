using Inventory.Stock;

namespace Inventory.Streaming;

/// <summary>
/// What a consumer has seen of one pair's changes. Changes older than the newest seen are dropped (events of a
/// pair arrive in version order, so this only happens on a duplicate delivery); a jump in versions is a gap.
/// </summary>
public sealed class StockChangeLog(int keepRecent = 1_000)
{
    private readonly Queue<long> _recent = new();

    public long LastVersion { get; private set; }
    public long Received { get; private set; }
    public long OutOfOrderDropped { get; private set; }
    public long Gaps { get; private set; }

    /// <summary>Records a change; false when it is not newer than what was already seen and must be ignored.</summary>
    public bool Accept(StockChanged change)
    {
        Received++;
        var version = change.Snapshot.Version;
        if (version <= LastVersion)
        {
            OutOfOrderDropped++;
            return false;
        }

        if (LastVersion > 0 && version != LastVersion + 1)
        {
            Gaps++;
        }

        LastVersion = version;
        _recent.Enqueue(version);
        if (_recent.Count > keepRecent)
        {
            _recent.Dequeue();
        }

        return true;
    }

    public ObservedChanges Observed() => new(LastVersion, Received, OutOfOrderDropped, Gaps, [.. _recent]);
}
