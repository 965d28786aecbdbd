using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Inventory.Api.Problems;

/// <summary>
/// Documents the problem responses the pipeline can give an operation whatever its handler does:
/// 400/413/415 when it reads a JSON body (<see cref="ApiExceptionHandler"/>), and 503 for every operation, since
/// each one calls the cluster. Responses an endpoint declares itself are left as they are.
/// </summary>
internal sealed class StandardProblemResponses : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
        {
            await AddAsync(operation, context, StatusCodes.Status400BadRequest, "The body is not valid JSON or has a value of the wrong type.", cancellationToken);
            await AddAsync(operation, context, StatusCodes.Status413PayloadTooLarge, "The body is larger than the API accepts.", cancellationToken);
            await AddAsync(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body is not application/json.", cancellationToken);
        }

        await AddAsync(operation, context, StatusCodes.Status503ServiceUnavailable,
            "The cluster could not complete the request now; part of it may have taken effect. Repeat it unchanged after the " +
            "Retry-After header's seconds: a repeat completes it and never applies anything twice.", cancellationToken);
    }

    private static async Task AddAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description, CancellationToken cancellationToken)
    {
        operation.Responses ??= [];
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
        };
    }
}
