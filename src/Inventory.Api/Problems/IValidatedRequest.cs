namespace Inventory.Api.Problems;

/// <summary>
/// A part of a request that checks its own fields: a body, or route values and headers bound with
/// <c>[AsParameters]</c>. <see cref="RequestValidationExtensions.WithRequestValidation{TBuilder}"/> checks every such
/// part of a request, in the order of the handler's parameters, before the handler runs: one 400 lists every problem,
/// and a handler only ever sees valid input.
/// </summary>
public interface IValidatedRequest
{
    /// <summary>Adds an error for each invalid field; <paramref name="services"/> give the limits that are configured.</summary>
    void Validate(RequestValidation validation, IServiceProvider services);
}
