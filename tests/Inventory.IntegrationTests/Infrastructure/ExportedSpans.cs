using System.Collections.ObjectModel;
using System.Diagnostics;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>What an in-memory span exporter hands over, safe to read while it adds more (spans end on many threads).</summary>
public sealed class ExportedSpans : Collection<Activity>
{
    private readonly Lock _lock = new();

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_lock)
        {
            return [.. this];
        }
    }

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock)
        {
            base.InsertItem(index, item);
        }
    }
}
