using Inventory.Api.Problems;
using Microsoft.AspNetCore.Mvc;

namespace Inventory.Api.Reservations;

/// <summary>The reservation a route names (<c>/v1/reservations/{id}</c>), bound with <c>[AsParameters]</c>.</summary>
public sealed class ReservationRoute : IValidatedRequest
{
    [FromRoute(Name = "id")]
    public required string Id { get; init; }

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Code("id", Id);
    }
}
