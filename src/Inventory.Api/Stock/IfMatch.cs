using System.Globalization;
using Inventory.Api.Problems;
using Microsoft.AspNetCore.Mvc;

namespace Inventory.Api.Stock;

/// <summary>
/// <c>If-Match</c> of an ops write, bound with <c>[AsParameters]</c>: one entity tag, the pair's version as returned in
/// <c>ETag</c> (<c>"17"</c>; a weak <c>W/"17"</c> is accepted too). Absent means "write regardless".
/// </summary>
public sealed class IfMatch : IValidatedRequest
{
    /// <summary>The header as sent; several headers arrive joined by commas, which is not one entity tag.</summary>
    [FromHeader(Name = "If-Match")]
    public string? Header { get; init; }

    /// <summary>The version the write expects, or null when the header is absent.</summary>
    public long? ExpectedVersion => TryRead(out var version) ? version : null;

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        if (!string.IsNullOrEmpty(Header) && !TryRead(out _))
        {
            validation.Error("If-Match", "must be one entity tag as returned in ETag, e.g. \"17\"");
        }
    }

    /// <summary>The version as an entity tag.</summary>
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private bool TryRead(out long version)
    {
        version = 0;
        if (string.IsNullOrEmpty(Header))
        {
            return false;
        }

        var value = Header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Length > 2 && value[0] == '"' && value[^1] == '"'
            && long.TryParse(value.AsSpan(1, value.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
