using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Inventory.Cli.Hosting;
using Inventory.Cli.Http;
using Inventory.Cli.Output;
using Inventory.Stock;
using Spectre.Console;

namespace Inventory.Cli.Movements;

/// <summary>
/// <c>inventory movements LOCATION SKU [--after N] [--limit N] [--latest]</c>: one page of a pair's movement ledger, as
/// <c>GET /v1/stock/{location}/{sku}/movements</c> answers it, and the command line for the next page.
/// </summary>
public static class MovementsCommand
{
    private static readonly Argument<string> Location = Arguments.Code("location", "Location code, e.g. WH1");
    private static readonly Argument<string> Sku = Arguments.Code("sku", "SKU");

    private static readonly Option<long?> After = new("--after")
    {
        Description = "Continue after this sequence, in the page's order (older than it with --latest): the 'next' of the previous page",
        HelpName = "n",
    };

    private static readonly Option<int> Limit = new("--limit")
    {
        Description = $"Movements per page (1 to {StockQueryLimits.MaxPageSize})",
        HelpName = "n",
        DefaultValueFactory = _ => 100,
    };

    private static readonly Option<bool> Latest = new("--latest") { Description = "Newest first" };

    private static readonly string[] Headers =
        ["Seq", "Kind", "On hand", "Committed", "Damaged", "Safety stock", "Reason", "Note", "Reference", "Actor", "Occurred at", "Recorded at", "Variance"];

    public static Command Create()
    {
        var movements = new Command("movements", "A pair's movements: every change of onHand, committed, damaged or safety stock, who and why (ops role)")
        {
            Location, Sku, After, Limit, Latest,
        };
        movements.SetAction((parse, cancellationToken) => CliContext.RunAsync(parse, async (context, ct) =>
        {
            var location = parse.GetRequiredValue(Location);
            var sku = parse.GetRequiredValue(Sku);
            var (after, limit, latest) = Settings(parse);
            var query = $"?limit={limit.ToString(CultureInfo.InvariantCulture)}"
                + (after is { } from ? $"&after={from.ToString(CultureInfo.InvariantCulture)}" : "")
                + (latest ? "&latest=true" : "");
            var page = await context.Client.GetAsync(InventoryClient.Path("v1", "stock", location, sku, "movements") + query, ct);
            if (context.Output.Json)
            {
                context.Output.WriteJson(page);
                return ExitCodes.Ok;
            }

            var items = page.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array
                ? list
                : throw new CliException(ExitCodes.Unexpected, "The service's answer has no list of movements.");
            context.Output.Console.Write(Table(items, $"Movements of SKU {sku} at {location}{(latest ? ", newest first" : "")}"));
            if (items.GetArrayLength() == 0)
            {
                context.Output.Out.WriteLine(after is null ? "No movements." : $"No movements after {after.Value.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (page.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.Number)
            {
                context.Output.Out.WriteLine(
                    $"More: inventory movements {location} {sku} --after {next.GetInt64().ToString(CultureInfo.InvariantCulture)} --limit {limit.ToString(CultureInfo.InvariantCulture)}{(latest ? " --latest" : "")}");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return movements;
    }

    private static (long? After, int Limit, bool Latest) Settings(ParseResult parse)
    {
        var after = parse.GetValue(After);
        if (after < 0)
        {
            throw new CliException(ExitCodes.Usage, $"--after must be a sequence (0 or more), not {after}.");
        }

        var limit = parse.GetValue(Limit);
        return limit is < 1 or > StockQueryLimits.MaxPageSize
            ? throw new CliException(ExitCodes.Usage, $"--limit must be 1 to {StockQueryLimits.MaxPageSize}, not {limit}.")
            : (after, limit, parse.GetValue(Latest));
    }

    /// <summary>One row per movement; each quantity as it was after the movement, with its change when it changed.</summary>
    private static Table Table(JsonElement items, string title)
    {
        var table = new Table().Title(Markup.Escape(title));
        foreach (var header in Headers)
        {
            table.AddColumn(header);
        }

        foreach (var m in items.EnumerateArray())
        {
            string[] cells =
            [
                Field(m, "sequence"), Field(m, "kind"), Quantity(m, "onHand"), Quantity(m, "committed"), Quantity(m, "damaged"),
                Quantity(m, "safetyStock"), Field(m, "reason"), Field(m, "note"), Field(m, "reference"), Field(m, "actor"),
                Field(m, "occurredAt"), Field(m, "recordedAt"), Field(m, "variance"),
            ];
            table.AddRow([.. cells.Select(text => new Text(text))]);
        }

        return table;
    }

    private static string Field(JsonElement movement, string name) =>
        movement.TryGetProperty(name, out var value) ? JsonView.Format(value) : "";

    /// <summary>"9 (-1)": the quantity after the movement and what the movement changed, or just "9" when unchanged.</summary>
    private static string Quantity(JsonElement movement, string name)
    {
        var after = movement.TryGetProperty("after", out var a) && a.TryGetProperty(name, out var q) ? q.GetInt64() : 0;
        var delta = movement.TryGetProperty("delta", out var d) && d.TryGetProperty(name, out var c) ? c.GetInt64() : 0;
        var text = after.ToString("N0", CultureInfo.InvariantCulture);
        return delta == 0 ? text : $"{text} ({delta.ToString("+#,0;-#,0", CultureInfo.InvariantCulture)})";
    }
}
