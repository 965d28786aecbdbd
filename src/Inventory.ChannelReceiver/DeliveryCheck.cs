namespace Inventory.Channels;

/// <summary>The verdict on a delivery; anything but <see cref="Accepted"/> must be refused (e.g. with 401).</summary>
public enum DeliveryCheck
{
    /// <summary>Signed with a known secret, fresh, and not seen before.</summary>
    Accepted,

    /// <summary>The timestamp or signature header is missing or malformed.</summary>
    Malformed,

    /// <summary>The signature does not match the body and timestamp under any configured secret.</summary>
    BadSignature,

    /// <summary>The timestamp is further from the receiver's clock than the allowed tolerance.</summary>
    Expired,

    /// <summary>The same signed delivery was already accepted.</summary>
    Replayed,
}
