using Inventory.Api.Hosting;
using Inventory.ServiceDefaults.Configuration;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Idempotency;

/// <summary>Idempotency-Key support for every mutating call.</summary>
public static class IdempotencyExtensions
{
    public static WebApplicationBuilder AddInventoryIdempotency(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IdempotencyOptions>(builder.Configuration, IdempotencyOptions.Section)
            .Validate<IOptions<TimeBudgetOptions>>(
                (settings, budgets) => settings.Lease > budgets.Value.Checkout,
                $"{IdempotencyOptions.Section}:Lease must be longer than {TimeBudgetOptions.Section}:Checkout, or a slow request could lose its key to a retry");
        return builder;
    }

    /// <summary>Marks a POST route that only reads: its Idempotency-Key is ignored (see <see cref="ReadOnlyEndpoint"/>).</summary>
    public static RouteHandlerBuilder ReadOnly(this RouteHandlerBuilder route) => route.WithMetadata(ReadOnlyEndpoint.Instance);

    /// <summary>After authentication (keys are scoped to the caller) and before the endpoints.</summary>
    public static WebApplication UseInventoryIdempotency(this WebApplication app)
    {
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}
