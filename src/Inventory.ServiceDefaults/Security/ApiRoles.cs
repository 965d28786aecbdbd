namespace Inventory.ServiceDefaults.Security;

/// <summary>
/// The roles an API key can carry: the API's routes and the dashboard require them. Each is also the name of the
/// authorization policy that requires it.
/// </summary>
public static class ApiRoles
{
    /// <summary>Storefront checkout and browse: availability and reservations.</summary>
    public const string Storefront = "storefront";

    /// <summary>Warehouse and order operations: stock reads, counts, adjustments, receipts, returns, fulfilment.</summary>
    public const string Ops = "ops";

    /// <summary>Administration: sales channels and the dashboard.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Storefront, Ops, Admin];
}
