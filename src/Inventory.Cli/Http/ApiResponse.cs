using System.Net;
using System.Text.Json;

namespace Inventory.Cli.Http;

/// <summary>The API's final answer to one request (after retries): its JSON body, or the problem it reported.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement? Json, ApiProblem? Problem)
{
    public bool IsSuccess => Problem is null;
}
