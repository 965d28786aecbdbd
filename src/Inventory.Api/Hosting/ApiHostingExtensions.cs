using System.Text.Json;
using System.Text.Json.Serialization;
using Inventory.Api.Availability;
using Inventory.Api.Problems;
using Inventory.Reservations;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Inventory.ServiceDefaults.Configuration;

namespace Inventory.Api.Hosting;

/// <summary>The API's HTTP pipeline pieces: JSON, problem details, limits, options.</summary>
public static class ApiHostingExtensions
{
    /// <summary>Largest request body accepted (bytes).</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    public static WebApplicationBuilder AddInventoryApi(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            // "5" is not a number: quantities must be sent as JSON numbers.
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        // Binding failures become exceptions so ApiExceptionHandler can answer them as problem details.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddAvailabilityCache(builder.Configuration);
        builder.Services.AddValidatedOptions<TimeBudgetOptions>(builder.Configuration, TimeBudgetOptions.Section);
        // The API checks requests against the same bounds as the grains (a co-hosted silo registers them too: once is kept).
        builder.Services.AddValidatedOptions<ReservationOptions>(builder.Configuration, ReservationOptions.Section);
        // Feeds dated further ahead than the pairs accept are refused here first, on the API's clock.
        builder.Services.AddValidatedOptions<StockOptions>(builder.Configuration, StockOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UseInventoryApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Kestrel enforces the limit while reading; this refuses a declared oversized body up front on any server.
        app.Use((context, next) => context.Request.ContentLength > MaxRequestBodyBytes
            ? throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge)
            : next(context));
        return app;
    }
}
