namespace Inventory.Silo.Storage;

/// <summary>One caller's read or write waiting in <see cref="StorageBatches{T}"/>: it can be failed with the batch it went out in.</summary>
internal interface IBatchItem
{
    /// <summary>Fails the caller, unless it already has its answer.</summary>
    void Fail(Exception exception);
}
