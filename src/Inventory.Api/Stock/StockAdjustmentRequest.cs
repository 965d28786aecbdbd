using Inventory.Api.Problems;
using Inventory.Stock;

namespace Inventory.Api.Stock;

/// <summary>Body of <c>POST …/adjustments</c>: a reason code of <see cref="AdjustmentReasons"/>, and optionally a note and when it happened.</summary>
public sealed record StockAdjustmentRequest(long? Delta, string? Reason, string? OperationId, string? Note = null, DateTimeOffset? OccurredAt = null)
    : IStockFeedRequest
{
    /// <summary>Longest note kept with the movement.</summary>
    public const int MaxNoteLength = 500;

    public string DatedField => "occurredAt";

    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Range("delta", Delta, -RequestValidation.MaxUnits, RequestValidation.MaxUnits)
            .OneOf("reason", Reason, AdjustmentReasons.All)
            .Text("note", Note, MaxNoteLength, required: false)
            .Code("operationId", OperationId)
            .NotAfter("occurredAt", OccurredAt, FeedClock.Latest(services));
        if (Delta == 0)
        {
            validation.Error("delta", "must not be 0");
        }
    }

    public Task<StockFeedResult> SendAsync(IStockGrain pair, long? expectedVersion)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return pair.AdjustAsync(new StockAdjustment(Delta!.Value, Reason!, OperationId!)
        {
            ExpectedVersion = expectedVersion,
            Note = string.IsNullOrWhiteSpace(Note) ? null : Note,
            OccurredAt = OccurredAt,
        });
    }
}
