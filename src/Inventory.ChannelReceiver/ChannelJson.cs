using System.Text.Json;

namespace Inventory.Channels;

/// <summary>The JSON settings of delivery bodies (web defaults: camelCase, case-insensitive reads).</summary>
public static class ChannelJson
{
    /// <summary>Options to read and write <see cref="ChannelBatch"/>.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
