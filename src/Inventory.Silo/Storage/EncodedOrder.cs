namespace Inventory.Silo.Storage;

/// <summary>An open order as <c>inventory_stock_orders</c> stores it; the hold it came from is serialized.</summary>
internal sealed record EncodedOrder(string ReservationId, long Quantity, byte[] Hold, DateTimeOffset CommittedAt);
