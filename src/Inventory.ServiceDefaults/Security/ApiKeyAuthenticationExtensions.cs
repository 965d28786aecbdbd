using Inventory.ServiceDefaults.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inventory.ServiceDefaults.Security;

/// <summary>API keys with roles for the API and the silo's dashboard: one authorization policy per role.</summary>
public static class ApiKeyAuthenticationExtensions
{
    /// <summary>
    /// Registers the <c>X-Api-Key</c> scheme and the role policies. Outside Development, start-up stops when no key is
    /// configured, so a service is never exposed open by mistake.
    /// </summary>
    public static WebApplicationBuilder AddApiKeyAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var keys = builder.Services.LoadValidatedOptions<ApiKeyOptions>(builder.Configuration, ApiKeyOptions.Section);
        if (keys.Keys.Count == 0 && !builder.Environment.IsDevelopment())
        {
            throw new InventoryConfigurationException(
                $"{ApiKeyOptions.Section}:Keys: no API keys are configured, and outside Development the service refuses to run open. " +
                "Create one with 'Inventory.Api hash-key' (README, Access).");
        }

        builder.Services.AddSingleton<ApiKeyStore>();
        // 401/403 are written as problem details (the API configures its own; the silo's dashboard host needs one).
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var role in ApiRoles.All)
        {
            authorization.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role));
        }

        return builder;
    }
}
