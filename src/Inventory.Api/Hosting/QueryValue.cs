using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Inventory.Api.Hosting;

/// <summary>The type a query value must have, as the OpenAPI document shows it (see <see cref="QueryParameterDocumentation"/>).</summary>
public sealed record QueryValue(JsonSchemaType Type, string? Format, long? Minimum, long? Maximum, JsonNode? Default)
{
    public static QueryValue WholeNumber(long? minimum, long? maximum, long? defaultValue) =>
        new(JsonSchemaType.Integer, "int64", minimum, maximum, defaultValue is { } value ? JsonValue.Create(value) : null);

    public static QueryValue Boolean(bool defaultValue) => new(JsonSchemaType.Boolean, null, null, null, JsonValue.Create(defaultValue));

    public static QueryValue Text() => new(JsonSchemaType.String, null, null, null, null);

    internal OpenApiSchema ToSchema() => new()
    {
        Type = Type,
        Format = Format,
        Minimum = Minimum?.ToString(CultureInfo.InvariantCulture),
        Maximum = Maximum?.ToString(CultureInfo.InvariantCulture),
        Default = Default,
    };
}
