using Inventory.Api.Problems;

namespace Inventory.Api.Reservations;

/// <summary>Body of <c>POST /v1/reservations/{id}/commit</c>.</summary>
public sealed record CommitReservationRequest(string? OrderId) : IValidatedRequest
{
    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Text("orderId", OrderId, 128);
    }
}
