using System.Text.Json;

namespace Inventory.Bench.Http;

/// <summary>Finds a pair's <c>version</c> in an API answer without deserializing the whole document.</summary>
public static class JsonVersion
{
    /// <summary>
    /// The number in property <c>version</c> at <paramref name="depth"/> (1 = a property of the root object, as in
    /// an availability answer; 2 = inside a nested object, as in the <c>stock</c> of a feed answer).
    /// </summary>
    public static long Read(ReadOnlySpan<byte> json, int depth)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth && reader.ValueTextEquals("version"u8))
            {
                reader.Read();
                return reader.GetInt64();
            }
        }

        throw new FormatException("no version in the answer: " + System.Text.Encoding.UTF8.GetString(json));
    }
}
