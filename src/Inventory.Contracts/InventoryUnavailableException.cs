namespace Inventory;

/// <summary>
/// A transient failure: the cluster or its storage cannot serve the call right now. Callers should repeat the call after
/// a short pause; every call is idempotent, so a repeat completes whatever part of it took effect and applies nothing twice.
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
