using System.Security.Cryptography;
using System.Text;

namespace Inventory.ServiceDefaults.Security;

/// <summary>
/// How keys are stored: lowercase hex SHA-256 of the key. Keys are long random strings, not passwords, so a fast
/// hash is enough and lets every request be checked with one dictionary lookup.
/// </summary>
public static class ApiKeyHash
{
    public static string Of(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new random key (256 bits, URL-safe base64).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
