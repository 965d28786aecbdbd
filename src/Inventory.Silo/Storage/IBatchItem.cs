using System.Diagnostics;

namespace Inventory.Silo.Storage;

/// <summary>One caller's read or write waiting in <see cref="StorageBatches{T}"/>: it can be failed with the batch it went out in.</summary>
internal interface IBatchItem
{
    /// <summary>The span of the caller that waits for it (default when none is traced): the batch's span links to it.</summary>
    ActivityContext Caller { get; }

    /// <summary>Fails the caller, unless it already has its answer.</summary>
    void Fail(Exception exception);
}
