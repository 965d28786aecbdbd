namespace Inventory.Api.Availability;

/// <summary>
/// Answer to <c>POST /v1/availability/query</c>, in the order asked; <see cref="Unknown"/> lists pairs that were never
/// stocked.
/// </summary>
public sealed record AvailabilityQueryResponse(IReadOnlyList<AvailabilityResponse> Items, IReadOnlyList<AvailabilityQueryItem> Unknown);
