namespace Inventory.Stock;

/// <summary>
/// The newest version of one pair a stream consumer has seen, and what it counted on the way. Changes not newer than
/// the watermark are dropped (events of a pair arrive in version order, so this only happens on a duplicate
/// delivery). Versions jump where the publisher coalesced changes; a jump that does not start at the event's
/// <see cref="StockChanged.PreviousVersion"/> means an event was lost, and is counted as a gap.
/// </summary>
public sealed class StockVersionWatermark(int keepRecent = 1_000)
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

        var expectedPrevious = change.PreviousVersion > 0 ? change.PreviousVersion : version - 1;
        if (LastVersion > 0 && expectedPrevious != LastVersion)
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
