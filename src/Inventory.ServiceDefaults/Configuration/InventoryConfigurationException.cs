namespace Inventory.ServiceDefaults.Configuration;

/// <summary>
/// Settings that cannot work. Start-up stops with this message alone, not a stack trace (see <see cref="StartupGuard"/>).
/// </summary>
public sealed class InventoryConfigurationException(string message) : Exception(message);
