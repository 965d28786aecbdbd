namespace Inventory.Api.Availability;

/// <summary>Body of <c>POST /v1/availability/query</c>: the pairs of a cart or a category page.</summary>
public sealed record AvailabilityQueryRequest(IReadOnlyList<AvailabilityQueryItem?>? Items);

/// <summary>One pair asked for.</summary>
public sealed record AvailabilityQueryItem(string? Location, string? Sku);
