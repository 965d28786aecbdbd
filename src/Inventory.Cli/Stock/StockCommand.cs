using System.CommandLine;
using Inventory.Cli.Hosting;
using Inventory.Cli.Http;
using Inventory.Cli.Output;

namespace Inventory.Cli.Stock;

/// <summary><c>inventory stock show LOCATION SKU</c>: every quantity of a pair, as <c>GET /v1/stock/{location}/{sku}</c> answers.</summary>
public static class StockCommand
{
    private static readonly Argument<string> Location = Arguments.Code("location", "Location code, e.g. WH1");
    private static readonly Argument<string> Sku = Arguments.Code("sku", "SKU");

    public static Command Create()
    {
        var show = new Command("show", "Show a pair's quantities (ops role)") { Location, Sku };
        show.SetAction((parse, cancellationToken) => CliContext.RunAsync(parse, async (context, ct) =>
        {
            var location = parse.GetRequiredValue(Location);
            var sku = parse.GetRequiredValue(Sku);
            var stock = await context.Client.GetAsync(InventoryClient.Path("v1", "stock", location, sku), ct);
            if (context.Output.Json)
            {
                context.Output.WriteJson(stock);
            }
            else
            {
                context.Output.Console.Write(JsonView.Properties(stock, $"SKU {sku} at {location}", "location", "sku"));
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return new Command("stock", "Stock of a pair (SKU at a location)") { show };
    }
}
