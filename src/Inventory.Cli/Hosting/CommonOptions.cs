using System.CommandLine;

namespace Inventory.Cli.Hosting;

/// <summary>The options every command takes (given before or after the command's own words).</summary>
public static class CommonOptions
{
    public const string UrlVariable = "INVENTORY_URL";
    public const string ApiKeyVariable = "INVENTORY_API_KEY";
    public const string DefaultUrl = "http://localhost:5080";

    public static readonly Option<string> Url = new("--url")
    {
        Description = $"Root URL of the inventory API (default: ${UrlVariable}, else {DefaultUrl})",
        HelpName = "url",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : DefaultUrl,
    };

    /// <summary>No default value: help would print it, and the key with it. <see cref="CliContext"/> reads the variable.</summary>
    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"API key sent as X-Api-Key (default: ${ApiKeyVariable}); prefer the variable, a key on the command line is visible to other users",
        HelpName = "key",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one JSON document on stdout (no colours, no progress); errors too",
        Recursive = true,
    };

    public static readonly Option<int> Retries = new("--retries")
    {
        Description = "How often a request is repeated after 429/503 (waiting Retry-After) or a failed connection",
        HelpName = "n",
        Recursive = true,
        DefaultValueFactory = _ => 5,
    };

    public static IEnumerable<Option> All => [Url, ApiKey, Json, Retries];
}
