namespace Inventory.Api.Problems;

/// <summary>Request validation as a policy of a route group, like authorization.</summary>
public static class RequestValidationExtensions
{
    /// <summary>
    /// Answers 400 <c>validation-failed</c> with every error of the request's <see cref="IValidatedRequest"/> parts,
    /// changing nothing, before the handler runs; documents that 400 on each route.
    /// </summary>
    public static TBuilder WithRequestValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            // Which arguments to check is worked out once per route, not per request.
            var validated = factory.MethodInfo.GetParameters()
                .Where(p => typeof(IValidatedRequest).IsAssignableFrom(p.ParameterType))
                .Select(p => p.Position)
                .ToArray();
            if (validated.Length == 0)
            {
                return next;
            }

            return async context =>
            {
                var validation = new RequestValidation();
                foreach (var position in validated)
                {
                    (context.Arguments[position] as IValidatedRequest)?.Validate(validation, context.HttpContext.RequestServices);
                }

                return validation.IsValid ? await next(context) : validation.ToProblem();
            };
        });
        return builder.ProducesValidationProblem();
    }
}
