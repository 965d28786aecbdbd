using Inventory.Api.Problems;
using Inventory.Reservations;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Reservations;

/// <summary>Body of <c>POST /v1/reservations</c>. Without a reservation id, the API assigns one.</summary>
public sealed record CreateReservationRequest(string? ReservationId, IReadOnlyList<ReservationLineBody?>? Lines, long? TtlSeconds) : IValidatedRequest
{
    public void Validate(RequestValidation validation, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var limits = services.GetRequiredService<IOptions<ReservationOptions>>().Value;
        validation.Code("reservationId", ReservationId, required: false)
            .Range("ttlSeconds", TtlSeconds, 1, (long)limits.MaxTtl.TotalSeconds, required: false);
        if (Lines is null || Lines.Count == 0)
        {
            validation.Error("lines", "must contain at least one line");
            return;
        }

        if (Lines.Count > limits.MaxLines)
        {
            validation.Error("lines", $"must contain at most {limits.MaxLines} lines");
            return;
        }

        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < Lines.Count; i++)
        {
            var field = $"lines[{i}]";
            if (Lines[i] is not { } line)
            {
                validation.Error(field, "must be an object");
                continue;
            }

            validation.Code($"{field}.sku", line.Sku)
                .Code($"{field}.location", line.Location)
                .Range($"{field}.quantity", line.Quantity, 1, limits.MaxLineQuantity);
            var lineIsValid = Codes.IsValid(line.Sku) && Codes.IsValid(line.Location)
                && line.Quantity is { } quantity && quantity >= 1 && quantity <= limits.MaxLineQuantity;
            if (lineIsValid && !seen.Add((line.Location!, line.Sku!)))
            {
                validation.Error(field, "repeats the SKU and location of an earlier line; combine them into one line");
            }
        }
    }

    /// <summary>The grain's command; valid once the request passed validation.</summary>
    public CreateReservation ToCommand(ReservationOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var ttl = TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : limits.DefaultTtl;
        // A List: the grain call serializes the lines by their runtime type, which must be one Orleans has a codec for.
        var lines = Lines!.Select(line => new ReservationLine(line!.Sku!, line.Location!, (int)line.Quantity!.Value)).ToList();
        return new CreateReservation(lines, ttl);
    }
}
