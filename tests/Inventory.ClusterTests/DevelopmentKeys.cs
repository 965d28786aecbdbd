namespace Inventory.ClusterTests;

/// <summary>The API keys the service ships for Development (appsettings.Development.json, documented in the README).</summary>
public static class DevelopmentKeys
{
    public const string Admin = "dev-admin-key";
}
