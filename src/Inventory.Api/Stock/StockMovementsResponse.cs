namespace Inventory.Api.Stock;

/// <summary>
/// A page of a pair's movements and where the next one starts: pass <see cref="Next"/> back as <c>after</c> (with the
/// same <c>latest</c>); null at the end.
/// </summary>
public sealed record StockMovementsResponse(IReadOnlyList<StockMovementResponse> Items, long? Next);
