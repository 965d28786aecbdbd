using System.Diagnostics;
using System.Globalization;
using Inventory.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Inventory.Cli.Counts;

/// <summary>
/// Shows an import as it goes: a live bar with rate and time left on a terminal, a plain line per answered file when
/// stdout is a file or a pipe, nothing with <c>--json</c>.
/// </summary>
public static class ImportProgress
{
    /// <param name="output">Where to draw.</param>
    /// <param name="toSend">Counts this run sends (the journal's are not).</param>
    /// <param name="import">The import, given the callback to report each answered file to.</param>
    public static Task<ImportSummary> RunAsync(CliOutput output, int toSend, Func<Action<FileReport>, Task<ImportSummary>> import)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(import);
        if (output.Json || toSend == 0)
        {
            return import(_ => { });
        }

        return output.IsTerminal ? LiveAsync(output.Console, toSend, import) : PlainAsync(output.Out, toSend, import);
    }

    private static Task<ImportSummary> LiveAsync(IAnsiConsole console, int toSend, Func<Action<FileReport>, Task<ImportSummary>> import) =>
        console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new CountColumn(), new RateColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(context =>
            {
                var task = context.AddTask("Importing counts", maxValue: toSend);
                return import(report => task.Increment(report.Counts));
            });

    private static Task<ImportSummary> PlainAsync(TextWriter writer, int toSend, Func<Action<FileReport>, Task<ImportSummary>> import)
    {
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        return import(report =>
        {
            done += report.Counts;
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var rate = elapsed > 0 ? done / elapsed : 0;
            var left = rate > 0 ? TimeSpan.FromSeconds((toSend - done) / rate) : TimeSpan.Zero;
            var unanswered = report.Unanswered > 0 ? $", {report.Unanswered} unanswered" : "";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"lines {report.FirstLine}-{report.LastLine}: {report.Applied} applied, {report.Stale} stale, {report.Failed} failed{unanswered}; " +
                $"{done:N0}/{toSend:N0} sent, {rate:N0} counts/s, {left:hh\\:mm\\:ss} left"));
        });
    }

    /// <summary>"3,000/10,000".</summary>
    private sealed class CountColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:N0}/{task.MaxValue:N0}"));
    }

    /// <summary>Counts answered per second, over the recent samples Spectre keeps.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $"{speed:N0} counts/s") : "");
    }
}
