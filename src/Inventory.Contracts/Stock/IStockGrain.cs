namespace Inventory.Stock;

/// <summary>
/// The single writer of one SKU × location pair (key: <see cref="StockKey"/>). Every change is durable before
/// it is acknowledged and is then published as <see cref="StockChanged"/>. Every operation is idempotent on its
/// reservation id or operation id.
/// </summary>
[Alias("inventory.IStockGrain")]
public interface IStockGrain : IGrainWithStringKey
{
    /// <summary>All quantities, status and version.</summary>
    [Alias("snapshot")] Task<StockSnapshot> GetSnapshotAsync();

    /// <summary>Holds units for a reservation until its expiry.</summary>
    [Alias("hold")] Task<HoldResult> HoldAsync(HoldRequest request);

    /// <summary>Moves a live hold's expiry.</summary>
    [Alias("extend")] Task<LineResult> ExtendAsync(string reservationId, DateTimeOffset expiresAt);

    /// <summary>Releases a live hold (the shopper left).</summary>
    [Alias("release")] Task<LineResult> ReleaseAsync(string reservationId);

    /// <summary>Turns a live hold into committed (sold) units.</summary>
    [Alias("commit")] Task<LineResult> CommitAsync(string reservationId);

    /// <summary>Ships committed units: they leave onHand.</summary>
    [Alias("ship")] Task<LineResult> ShipAsync(string reservationId);

    /// <summary>Cancels a committed order: its units become available again.</summary>
    [Alias("cancel-committed")] Task<LineResult> CancelCommittedAsync(string reservationId);

    /// <summary>
    /// Takes a commit of this reservation back into the hold it came from (another line of the reservation was short,
    /// and a reservation commits all of its lines or none). Recorded as an <c>uncommit</c> movement.
    /// </summary>
    [Alias("uncommit")] Task<LineResult> UncommitAsync(string reservationId);

    /// <summary>Whether this reservation's live hold here is short (see <see cref="LineOutcome.InShortfall"/>).</summary>
    [Alias("is-short")] Task<bool> IsShortAsync(string reservationId);

    /// <summary>Applies a warehouse count unless an equal or newer count was already applied.</summary>
    [Alias("count")] Task<StockFeedResult> SetCountAsync(StockCount count);

    /// <summary>Corrects onHand by a delta.</summary>
    [Alias("adjust")] Task<StockFeedResult> AdjustAsync(StockAdjustment adjustment);

    /// <summary>Receives replenishment.</summary>
    [Alias("receive")] Task<StockFeedResult> ReceiveAsync(StockReceipt receipt);

    /// <summary>Takes a customer return.</summary>
    [Alias("return")] Task<StockFeedResult> ReturnAsync(StockReturn stockReturn);
}
