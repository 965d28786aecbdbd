using System.Net;
using System.Text;
using System.Text.Json;
using Inventory.Cli.Hosting;

namespace Inventory.Cli.Http;

/// <summary>
/// An error answer of the API (RFC 9457 problem details, <c>type</c> <c>urn:inventory:problem:…</c>), read loosely so
/// an answer that is not problem details (a proxy's HTML page) still gives a usable message.
/// </summary>
public sealed record ApiProblem(HttpStatusCode Status, string? Type, string? Title, string? Detail, JsonElement? Body)
{
    private const string Prefix = "urn:inventory:problem:";

    /// <summary>The stable part of <see cref="Type"/> (<c>stock-not-found</c>), or the status code when there is none.</summary>
    public string Code => Type is { } type && type.StartsWith(Prefix, StringComparison.Ordinal)
        ? type[Prefix.Length..]
        : ((int)Status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The exit code this answer ends a command with.</summary>
    public int ExitCode => Status switch
    {
        HttpStatusCode.NotFound => ExitCodes.Failed,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthorized,
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests or HttpStatusCode.GatewayTimeout or HttpStatusCode.BadGateway
            => ExitCodes.Unavailable,
        >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError => ExitCodes.Usage,
        _ => ExitCodes.Unexpected,
    };

    /// <summary>One line: title, detail, each invalid field, then the problem code and status.</summary>
    public string Message
    {
        get
        {
            var text = new StringBuilder(Title ?? $"HTTP {(int)Status}");
            if (!string.IsNullOrWhiteSpace(Detail))
            {
                text.Append(": ").Append(Detail.TrimEnd('.'));
            }

            if (Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var fields = errors.EnumerateObject().Select(e => $"{e.Name} {string.Join(", ", Strings(e.Value))}");
                text.Append(" (").AppendJoin("; ", fields).Append(')');
            }

            return text.Append(" [").Append(Code).Append(", HTTP ").Append((int)Status).Append(']').ToString();
        }
    }

    public static ApiProblem Read(HttpStatusCode status, string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            var root = document.RootElement.Clone();
            if (root.ValueKind == JsonValueKind.Object)
            {
                return new ApiProblem(status, Text(root, "type"), Text(root, "title"), Text(root, "detail"), root);
            }
        }
        catch (JsonException)
        {
        }

        var snippet = content.Length > 200 ? content[..200] + "…" : content;
        return new ApiProblem(status, null, null, string.IsNullOrWhiteSpace(snippet) ? null : snippet.ReplaceLineEndings(" "), null);
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<string> Strings(JsonElement value) => value.ValueKind == JsonValueKind.Array
        ? value.EnumerateArray().Select(v => v.ToString())
        : [value.ToString()];
}
