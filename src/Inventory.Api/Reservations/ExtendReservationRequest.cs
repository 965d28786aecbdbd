using Inventory.Api.Problems;
using Inventory.Reservations;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Reservations;

/// <summary>Body of <c>POST /v1/reservations/{id}/extend</c>.</summary>
public sealed record ExtendReservationRequest(long? TtlSeconds) : IValidatedRequest
{
    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var limits = services.GetRequiredService<IOptions<ReservationOptions>>().Value;
        validation.Range("ttlSeconds", TtlSeconds, 1, (long)limits.MaxTtl.TotalSeconds);
    }

    /// <summary>The new time to live; valid once the request passed validation.</summary>
    public TimeSpan ToTtl() => TimeSpan.FromSeconds(TtlSeconds!.Value);
}
