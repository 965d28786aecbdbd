namespace Inventory.Bench.Cli;

/// <summary>The command line asked for something that does not exist or is out of range.</summary>
public sealed class UsageException(string message) : Exception(message);
