using System.Globalization;
using Inventory.Api.Problems;
using Microsoft.Extensions.Primitives;

namespace Inventory.Api.Stock;

/// <summary>
/// Reads <c>If-Match</c> for ops writes: one entity tag, the pair's version as returned in <c>ETag</c> (<c>"17"</c>;
/// a weak <c>W/"17"</c> is accepted too). Absent means "write regardless".
/// </summary>
public static class IfMatch
{
    /// <summary>The expected version, or null when the header is absent; a malformed header is a validation error.</summary>
    public static long? Read(StringValues header, RequestValidation validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        var value = header.Count == 1 ? header[0]!.Trim() : "";
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.Length > 2 && value[0] == '"' && value[^1] == '"'
            && long.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return version;
        }

        validation.Error("If-Match", "must be one entity tag as returned in ETag, e.g. \"17\"");
        return null;
    }

    /// <summary>The version as an entity tag.</summary>
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
