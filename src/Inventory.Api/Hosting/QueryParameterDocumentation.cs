using Microsoft.OpenApi;

namespace Inventory.Api.Hosting;

/// <summary>
/// Query values the handlers bind as text and check themselves, so a bad one is a 400 naming it (a typed binding
/// failure names nothing): the OpenAPI document still shows each with the type and bounds it must have, so a
/// generated client sends numbers and booleans.
/// </summary>
public static class QueryParameterDocumentation
{
    public static RouteHandlerBuilder WithQueryParameters(
        this RouteHandlerBuilder builder, params (string Name, string Description, QueryValue Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, description, value) in parameters)
            {
                var documented = new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Required = false,
                    Description = description,
                    Schema = value.ToSchema(),
                };
                var at = operation.Parameters.ToList().FindIndex(p => p.In == ParameterLocation.Query && p.Name == name);
                if (at >= 0)
                {
                    operation.Parameters[at] = documented;
                }
                else
                {
                    operation.Parameters.Add(documented);
                }
            }

            return Task.CompletedTask;
        });
    }
}
