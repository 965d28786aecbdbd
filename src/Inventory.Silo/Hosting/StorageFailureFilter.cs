using System.Data.Common;

namespace Inventory.Silo.Hosting;

/// <summary>
/// A database that cannot be reached is a "not now", not a bug: grain calls that fail on storage surface to callers
/// as <see cref="InventoryUnavailableException"/> (the API answers 503 with Retry-After). The driver's own exception
/// types are not known to clients, so only their message crosses the wire.
/// </summary>
internal sealed class StorageFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (DbException ex)
        {
            throw new InventoryUnavailableException($"Storage is unavailable: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
