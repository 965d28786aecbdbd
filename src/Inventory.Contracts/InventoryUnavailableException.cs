namespace Inventory;

/// <summary>
/// A transient failure: the cluster or its storage cannot serve the call right now and nothing was changed by it.
/// Callers should retry after a short pause.
/// </summary>
[GenerateSerializer, Alias("inventory.InventoryUnavailableException")]
public sealed class InventoryUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InventoryUnavailableException() { }

    /// <summary>Creates the exception with a message.</summary>
    public InventoryUnavailableException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public InventoryUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
