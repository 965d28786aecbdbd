using Inventory.ServiceDefaults.Security;

namespace Inventory.Api.Security;

/// <summary>
/// <c>Inventory.Api hash-key [key]</c>: makes a new key (or takes the given one) and prints what goes into the
/// configuration. The key itself is shown once and stored nowhere.
/// </summary>
public static class ApiKeyTool
{
    public static bool IsInvocation(string[] args) => args is ["hash-key", ..];

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var key = args.Length > 1 ? args[1] : ApiKeyHash.NewKey();
        Console.WriteLine($"key:    {key}");
        Console.WriteLine($"sha256: {ApiKeyHash.Of(key)}");
        Console.WriteLine();
        Console.WriteLine("Give the key to the caller (header X-Api-Key) and configure only the hash, e.g.:");
        Console.WriteLine("  Inventory__Api__Auth__Keys__0__Name=storefront-eu");
        Console.WriteLine($"  Inventory__Api__Auth__Keys__0__Sha256={ApiKeyHash.Of(key)}");
        Console.WriteLine("  Inventory__Api__Auth__Keys__0__Roles__0=storefront");
        return 0;
    }
}
