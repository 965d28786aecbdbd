namespace Inventory.ToolTests.Infrastructure;

/// <summary>The API keys the service ships for Development (appsettings.Development.json, documented in the README).</summary>
public static class DevelopmentKeys
{
    public const string Storefront = "dev-storefront-key";
    public const string Ops = "dev-ops-key";
    public const string Admin = "dev-admin-key";
}
