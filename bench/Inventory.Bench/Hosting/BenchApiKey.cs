using System.Security.Cryptography;
using System.Text;

namespace Inventory.Bench.Hosting;

/// <summary>
/// A fresh API key per run: the silo and API processes run as Production, which refuses requests without a key. They
/// get only its SHA-256 (as operators configure it), with every role and a rate limit no benchmark reaches.
/// </summary>
public sealed class BenchApiKey
{
    public const string Header = "X-Api-Key";
    private const string Name = "bench";

    private BenchApiKey(string key) => Key = key;

    /// <summary>The secret sent in <see cref="Header"/>.</summary>
    public string Key { get; }

    /// <summary>The hex SHA-256 of the key: all a server is told (the HTTP peer takes it as <c>PEER_API_KEY_SHA256</c>).</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)));

    public static BenchApiKey New() =>
        new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));

    /// <summary>The settings that make a silo or API process accept this key with every role.</summary>
    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["Inventory__Api__Auth__Keys__0__Name"] = Name,
        ["Inventory__Api__Auth__Keys__0__Sha256"] = Sha256,
        ["Inventory__Api__Auth__Keys__0__Roles__0"] = "storefront",
        ["Inventory__Api__Auth__Keys__0__Roles__1"] = "ops",
        ["Inventory__Api__Auth__Keys__0__Roles__2"] = "admin",
        // The default (1,000/s per key) would throttle the load itself.
        ["Inventory__Api__Auth__Keys__0__RequestsPerSecond"] = "1000000",
    };
}
