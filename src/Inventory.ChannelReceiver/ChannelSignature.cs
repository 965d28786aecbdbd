using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Inventory.Channels;

/// <summary>
/// The delivery signature: HMAC-SHA256 over <c>"{timestamp}." + body</c> with the channel's shared secret, sent as
/// <c>v1=&lt;hex&gt;</c>. Signing the timestamp with the body is what lets a receiver refuse a replay of an old
/// delivery: the timestamp cannot be refreshed without the secret.
/// </summary>
public static class ChannelSignature
{
    /// <summary>The scheme prefix of the signature header value.</summary>
    public const string Scheme = "v1=";

    /// <summary>The header value for a body signed at <paramref name="unixSeconds"/>.</summary>
    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Scheme + Convert.ToHexStringLower(Mac(Encoding.UTF8.GetBytes(secret), unixSeconds, body));
    }

    /// <summary>True when <paramref name="signature"/> is the valid signature of the body at that timestamp (constant time).</summary>
    public static bool Matches(string secret, long unixSeconds, ReadOnlySpan<byte> body, string? signature)
    {
        if (string.IsNullOrEmpty(secret) || signature is null || !signature.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var hex = signature.AsSpan(Scheme.Length);
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != given.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(Encoding.UTF8.GetBytes(secret), unixSeconds, body));
    }

    private static byte[] Mac(byte[] key, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
