using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Inventory.Cli.Hosting;
using Inventory.Cli.Output;
using Spectre.Console;

namespace Inventory.Cli.Counts;

/// <summary><c>inventory counts import FILE</c>: a warehouse count file, checked whole, then sent in files of 1,000.</summary>
public static class CountsCommand
{
    private const int ListedFailures = 100;

    private static readonly Argument<FileInfo> File = new("file") { Description = $"CSV with the header {CountSheet.Header}" };

    private static readonly Option<string?> AsOf = new("--as-of")
    {
        Description = "When the counts were taken (ISO 8601 with offset), for lines without their own asOf",
        HelpName = "time",
    };

    private static readonly Option<int> FileSize = new("--file-size")
    {
        Description = $"Counts per request (1 to {CountImport.MaxFileSize})",
        HelpName = "n",
        DefaultValueFactory = _ => CountImport.MaxFileSize,
    };

    private static readonly Option<int> InFlight = new("--in-flight")
    {
        Description = "Requests sent at the same time (1 to 8); the service applies 32 counts of each at a time",
        HelpName = "n",
        DefaultValueFactory = _ => 2,
    };

    private static readonly Option<string?> Journal = new("--journal")
    {
        Description = "Where to record the lines already answered, so a re-run skips them (default: FILE.journal)",
        HelpName = "path",
    };

    private static readonly Option<bool> NoJournal = new("--no-journal") { Description = "Keep no journal: a re-run sends everything again (answered 'stale')" };

    public static Command Create()
    {
        var import = new Command("import", "Check a count file whole (every bad line is reported, nothing is sent), then send it") { File, AsOf, FileSize, InFlight, Journal, NoJournal };
        import.SetAction((parse, cancellationToken) => CliContext.RunAsync(parse, (context, ct) => ImportAsync(context, parse, ct), cancellationToken));
        return new Command("counts", "Warehouse counts") { import };
    }

    private static async Task<int> ImportAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var file = parse.GetRequiredValue(File);
        var (asOf, fileSize, inFlight) = Settings(parse);
        byte[] bytes;
        try
        {
            bytes = await System.IO.File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot read {file.FullName}: {e.Message}");
        }

        using var reader = new StreamReader(new MemoryStream(bytes), detectEncodingFromByteOrderMarks: true);
        var sheet = CountSheet.Parse(reader, asOf);
        if (!sheet.IsValid)
        {
            var failure = new CliException(ExitCodes.Usage, $"{file.Name}: {sheet.Errors.Select(e => e.Line).Distinct().Count()} bad line(s); nothing was sent.");
            output.Fail(failure, sheet.Errors);
            foreach (var error in sheet.Errors)
            {
                output.Error.WriteLine($"  {file.Name}: {error}");
            }

            return failure.ExitCode;
        }

        var journal = OpenJournal(parse, file, Identity(bytes, asOf));
        var toSend = sheet.Counts.Count(c => !journal.DoneLines.Contains(c.Line));
        if (!output.Json)
        {
            output.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file.Name}: {sheet.Counts.Count:N0} counts; sending {toSend:N0} to {context.BaseUrl} in files of {fileSize:N0}, {inFlight} at a time") +
                (journal.Path is null ? "" : string.Create(CultureInfo.InvariantCulture,
                    $" ({sheet.Counts.Count - toSend:N0} already answered, journal {journal.Path})")));
        }

        if (journal.StartedOver)
        {
            output.Error.WriteLine($"inventory: the journal {journal.Path} was for another content of the file (or another --as-of): started over.");
        }

        var import = new CountImport(context.Client, journal, inFlight);
        var summary = await ImportProgress.RunAsync(output, toSend,
            onFile => import.RunAsync(file.Name, sheet.Counts, fileSize, onFile, cancellationToken));
        Report(output, summary);
        return summary.ExitCode;
    }

    private static (DateTimeOffset? AsOf, int FileSize, int InFlight) Settings(ParseResult parse)
    {
        DateTimeOffset? asOf = null;
        if (parse.GetValue(AsOf) is { } text)
        {
            asOf = CountSheet.TryParseDate(text, out var parsed)
                ? parsed
                : throw new CliException(ExitCodes.Usage, $"--as-of must be an ISO 8601 time with its offset, such as 2026-11-24T08:00:00Z, not '{text}'.");
        }

        var fileSize = parse.GetValue(FileSize);
        if (fileSize is < 1 or > CountImport.MaxFileSize)
        {
            throw new CliException(ExitCodes.Usage, $"--file-size must be 1 to {CountImport.MaxFileSize}, not {fileSize}.");
        }

        var inFlight = parse.GetValue(InFlight);
        return inFlight is < 1 or > 8
            ? throw new CliException(ExitCodes.Usage, $"--in-flight must be 1 to 8, not {inFlight}.")
            : (asOf, fileSize, inFlight);
    }

    /// <summary>What the journal belongs to: the file's bytes and the date given to lines without one.</summary>
    private static string Identity(byte[] bytes, DateTimeOffset? asOf) =>
        $"sha256={Convert.ToHexStringLower(SHA256.HashData(bytes))} as-of={asOf?.ToString("O", CultureInfo.InvariantCulture) ?? "-"}";

    private static ImportJournal OpenJournal(ParseResult parse, FileInfo file, string identity)
    {
        if (parse.GetValue(NoJournal))
        {
            return ImportJournal.None(identity);
        }

        var path = parse.GetValue(Journal) is { Length: > 0 } given ? Path.GetFullPath(given) : ImportJournal.DefaultPath(file.FullName);
        try
        {
            return ImportJournal.Open(path, identity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot use the journal {path}: {e.Message} (choose another with --journal, or --no-journal).");
        }
    }

    private static void Report(CliOutput output, ImportSummary summary)
    {
        if (summary.StoppedBecause is { } reason)
        {
            output.Error.WriteLine($"inventory: import stopped: {reason}");
        }

        if (summary.Unanswered + summary.NotSent > 0 && summary.ExitCode is ExitCodes.Unavailable or ExitCodes.Interrupted)
        {
            var counts = string.Create(CultureInfo.InvariantCulture, $"{summary.Unanswered:N0} count(s) unanswered ({summary.UnansweredBecause}), {summary.NotSent:N0} not sent");
            output.Error.WriteLine($"inventory: {counts}: run the same command again to send them; counts already applied are answered 'stale'.");
        }

        if (output.Json)
        {
            output.WriteJson(summary);
            return;
        }

        var rate = summary.ElapsedSeconds > 0 ? (summary.Applied + summary.Stale) / summary.ElapsedSeconds : 0;
        var table = new Table()
            .Title(string.Create(CultureInfo.InvariantCulture, $"{summary.File}: {summary.ElapsedSeconds:0.0} s, {rate:N0} counts/s"))
            .AddColumn("Counts").AddColumn(new TableColumn("").RightAligned());
        Row(table, "applied", summary.Applied, "green");
        Row(table, "stale (already applied)", summary.Stale, "default");
        Row(table, "skipped (journal)", summary.Skipped, "default");
        Row(table, "failed", summary.Failed, summary.Failed > 0 ? "red" : "default");
        Row(table, "unanswered", summary.Unanswered, summary.Unanswered > 0 ? "yellow" : "default");
        Row(table, "not sent", summary.NotSent, summary.NotSent > 0 ? "yellow" : "default");
        Row(table, "total", summary.Counts, "bold");
        output.Console.Write(table);

        if (summary.Failures.Count > 0)
        {
            var failures = new Table().Title("Failed counts").AddColumn("Line").AddColumn("Location").AddColumn("SKU").AddColumn("Reason");
            foreach (var failure in summary.Failures.Take(ListedFailures))
            {
                failures.AddRow(
                    new Text(failure.Line.ToString(CultureInfo.InvariantCulture)), new Text(failure.Location), new Text(failure.Sku), new Text(failure.Reason));
            }

            output.Console.Write(failures);
            if (summary.Failures.Count > ListedFailures)
            {
                output.Out.WriteLine($"… and {summary.Failures.Count - ListedFailures:N0} more (--json lists them all).");
            }
        }
    }

    private static void Row(Table table, string label, int value, string style) =>
        table.AddRow(new Text(label), new Markup($"[{style}]{value.ToString("N0", CultureInfo.InvariantCulture)}[/]"));
}
