using System.Data.Common;
using System.Net.Sockets;
using Inventory.ServiceDefaults.Configuration;
using Microsoft.Extensions.Options;

namespace Inventory.ServiceDefaults;

/// <summary>
/// Runs a host and turns the failures an operator can fix (bad settings, a server that cannot be reached) into one
/// clear line on stderr and a non-zero exit code instead of a stack trace.
/// </summary>
public static class StartupGuard
{
    public static Task<int> RunAsync(string name, Func<Task> run) => RunAsync(name, async () =>
    {
        await run();
        return 0;
    });

    /// <summary>Runs a command whose own result is its exit code (e.g. a check that found something).</summary>
    public static async Task<int> RunAsync(string name, Func<Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            return await run();
        }
        catch (Exception ex) when (Describe(ex) is { } reason)
        {
            await Console.Error.WriteLineAsync($"{name} cannot start: {reason}");
            return ex is InventoryConfigurationException or OptionsValidationException ? 2 : 1;
        }
    }

    private static string? Describe(Exception exception) => exception switch
    {
        InventoryConfigurationException or OptionsValidationException => exception.Message,
        DbException or SocketException or TimeoutException => $"{exception.GetType().Name}: {exception.Message}",
        _ when exception.GetType().Name.Contains("Redis", StringComparison.Ordinal) => $"Redis: {exception.Message}",
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerException!),
        _ when exception.InnerException is { } inner => Describe(inner),
        _ => null,
    };
}
