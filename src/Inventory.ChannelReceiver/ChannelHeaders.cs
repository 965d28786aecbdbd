namespace Inventory.Channels;

/// <summary>HTTP headers of a channel delivery.</summary>
public static class ChannelHeaders
{
    /// <summary>When the delivery was signed, in Unix seconds (UTC).</summary>
    public const string Timestamp = "X-Inventory-Timestamp";

    /// <summary><c>v1=</c> followed by the lowercase hex HMAC-SHA256 of <c>"{timestamp}." + body</c>, keyed by the channel secret.</summary>
    public const string Signature = "X-Inventory-Signature";
}
