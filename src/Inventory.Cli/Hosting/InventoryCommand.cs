using System.CommandLine;
using Inventory.Cli.Channels;
using Inventory.Cli.Counts;
using Inventory.Cli.Movements;
using Inventory.Cli.Output;
using Inventory.Cli.Reservations;
using Inventory.Cli.Stock;

namespace Inventory.Cli.Hosting;

/// <summary>The <c>inventory</c> command line: the common options and one group of commands per feature.</summary>
public static class InventoryCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Ops tool for the inventory service: import warehouse count files, read stock, movements, reservations and sales channels.\n" +
            "Exit codes: 0 ok, 1 some counts failed or not found, 2 usage or invalid input, 3 service unreachable or unavailable, " +
            "4 API key refused, 5 unexpected answer, 130 interrupted.");
        foreach (var option in CommonOptions.All)
        {
            root.Add(option);
        }

        root.Add(CountsCommand.Create());
        root.Add(StockCommand.Create());
        root.Add(MovementsCommand.Create());
        root.Add(ReservationsCommand.Create());
        root.Add(ChannelsCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine ends parse errors with 1, which here means "some counts failed": usage errors are 2.
            var output = CliOutput.ForProcess(args.Contains(CommonOptions.Json.Name));
            output.Fail(new CliException(ExitCodes.Usage, string.Join(" ", parse.Errors.Select(e => e.Message)) + " (see inventory --help)"));
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync();
    }
}
