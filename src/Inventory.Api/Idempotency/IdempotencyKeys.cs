using System.Security.Cryptography;
using System.Text;

namespace Inventory.Api.Idempotency;

/// <summary>Rules for Idempotency-Key values and what is derived from them.</summary>
public static class IdempotencyKeys
{
    /// <summary>1–128 printable ASCII characters (a UUID is typical).</summary>
    public static bool IsValid(string? key) => key is { Length: > 0 and <= 128 } && key.All(c => c is > ' ' and <= '~');

    /// <summary>The grain key: keys are scoped to the caller, so two callers never collide.</summary>
    public static string GrainKey(string caller, string key) => $"{caller}|{key}";

    /// <summary>
    /// The reservation id of a reservation created under a key without an explicit id: derived, so even a retry
    /// whose stored answer was lost can only find the same reservation, never create a second one.
    /// </summary>
    public static string ReservationId(string caller, string key) =>
        "idem-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GrainKey(caller, key))))[..32];
}
