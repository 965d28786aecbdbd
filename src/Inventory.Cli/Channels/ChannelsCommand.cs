using System.CommandLine;
using System.Text.Json;
using Inventory.Cli.Hosting;
using Inventory.Cli.Http;
using Inventory.Cli.Output;

namespace Inventory.Cli.Channels;

/// <summary><c>inventory channels [NAME]</c>: every sales channel's sync state, or one channel with its parked updates.</summary>
public static class ChannelsCommand
{
    private static readonly Argument<string?> Name = new("name") { Description = "One channel, with its parked updates", Arity = ArgumentArity.ZeroOrOne };

    private static readonly (string, string)[] Columns =
    [
        ("Channel", "name"), ("Queue", "queueDepth"), ("In flight", "inFlight"), ("Lag ms", "lagMs"), ("Deliveries", "deliveries"),
        ("Failed", "failedDeliveries"), ("Failing now", "consecutiveFailures"), ("Parked", "parkedCount"), ("Last success", "lastSuccessAt"),
        ("Last error", "lastError"),
    ];

    public static Command Create()
    {
        var channels = new Command("channels", "Sales channels' sync state: queue, lag, deliveries, failures, parked updates (admin role)") { Name };
        channels.SetAction((parse, cancellationToken) => CliContext.RunAsync(parse, async (context, ct) =>
        {
            var name = parse.GetValue(Name);
            var path = name is null ? InventoryClient.Path("v1", "channels") : InventoryClient.Path("v1", "channels", name);
            var answer = await context.Client.GetAsync(path, ct);
            if (context.Output.Json)
            {
                context.Output.WriteJson(answer);
            }
            else if (name is null)
            {
                var list = answer.GetProperty("channels");
                context.Output.Console.Write(JsonView.Rows(list, "Sales channels", Columns));
                if (list.GetArrayLength() == 0)
                {
                    context.Output.Out.WriteLine("No sales channel is configured (Inventory:Channels:<name> on the silos).");
                }
            }
            else
            {
                context.Output.Console.Write(JsonView.Properties(answer, $"Channel {name}", "parked"));
                if (answer.TryGetProperty("parked", out var parked) && parked.ValueKind == JsonValueKind.Array && parked.GetArrayLength() > 0)
                {
                    context.Output.Console.Write(JsonView.Rows(parked, "Parked updates",
                        ("Location", "location"), ("SKU", "sku"), ("Quantity", "quantity"), ("Version", "version"), ("Failed deliveries", "failedDeliveries"),
                        ("Parked at", "parkedAt"), ("Last error", "lastError")));
                }
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return channels;
    }
}
