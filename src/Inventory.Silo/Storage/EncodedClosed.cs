namespace Inventory.Silo.Storage;

/// <summary>An ended reservation as <c>inventory_stock_closed</c> stores it; <paramref name="How"/> is the cause's name.</summary>
internal sealed record EncodedClosed(string ReservationId, string How, DateTimeOffset At, DateTimeOffset KeepUntil);
