using Inventory.Api.Problems;
using Scalar.AspNetCore;

namespace Inventory.Api.Hosting;

/// <summary>
/// The API description at <c>/openapi/v1.json</c> and a browsable reference at <c>/scalar</c>. Every operation
/// lists its problem responses: the route-specific ones (404, 409) are declared where the routes are mapped; the
/// ones the pipeline gives every operation of a kind (400/413/415 for a body, 503) are added by
/// <see cref="StandardProblemResponses"/>.
/// </summary>
public static class OpenApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/scalar";

    public static WebApplicationBuilder AddInventoryOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            // The dashboard is a UI with its own internal endpoints, not part of the service's contract.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("dashboard", StringComparison.OrdinalIgnoreCase) != true;
            options.AddOperationTransformer<StandardProblemResponses>();
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapInventoryOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(ReferencePath);
        return app;
    }
}
