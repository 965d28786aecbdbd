using System.CommandLine;
using System.Text.Json;
using Inventory.Cli.Hosting;
using Inventory.Cli.Http;
using Inventory.Cli.Output;

namespace Inventory.Cli.Reservations;

/// <summary><c>inventory reservations show ID</c>: a reservation and its lines.</summary>
public static class ReservationsCommand
{
    private static readonly Argument<string> Id = Arguments.Code("id", "Reservation id");

    public static Command Create()
    {
        var show = new Command("show", "Show a reservation: status, expiry, order and lines (storefront role)") { Id };
        show.SetAction((parse, cancellationToken) => CliContext.RunAsync(parse, async (context, ct) =>
        {
            var id = parse.GetRequiredValue(Id);
            var reservation = await context.Client.GetAsync(InventoryClient.Path("v1", "reservations", id), ct);
            if (context.Output.Json)
            {
                context.Output.WriteJson(reservation);
                return ExitCodes.Ok;
            }

            context.Output.Console.Write(JsonView.Properties(reservation, $"Reservation {id}", "lines"));
            if (reservation.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Array)
            {
                context.Output.Console.Write(JsonView.Rows(lines, "Lines", ("Location", "location"), ("SKU", "sku"), ("Quantity", "quantity")));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return new Command("reservations", "Reservations (holds placed by checkout)") { show };
    }
}
