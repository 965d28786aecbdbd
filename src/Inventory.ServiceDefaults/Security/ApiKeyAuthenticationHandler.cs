using System.Security.Claims;
using System.Text.Encodings.Web;
using Inventory.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Inventory.ServiceDefaults.Security;

/// <summary>
/// Authenticates the <c>X-Api-Key</c> header against the configured key hashes; the key's name becomes the user
/// name and its roles become role claims. Challenges (401) and refusals (403) are answered as problem details.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyOptions.Header, out var presented) || presented.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (presented.Count > 1 || keys.Find(presented.ToString()) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name!), .. key.Roles.Select(role => new Claim(ClaimTypes.Role, role))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Request.Headers.ContainsKey(ApiKeyOptions.Header)
            ? "The API key is not valid."
            : $"Send an API key in the {ApiKeyOptions.Header} header.";
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{ApiKeyOptions.Header}\"";
        return WriteAsync(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Authentication required", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Not allowed",
            $"The API key '{Context.User.Identity?.Name}' lacks the role this route needs.");

    private async Task WriteAsync(int status, string type, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        });
    }
}
