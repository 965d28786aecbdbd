using System.Text.Encodings.Web;
using System.Text.Json;
using Inventory.Cli.Hosting;
using Spectre.Console;

namespace Inventory.Cli.Output;

/// <summary>
/// Where a command writes: tables and progress for people (Spectre.Console, colours only on a terminal), or with
/// <c>--json</c> one JSON document on stdout and nothing else. Errors always get one line on stderr.
/// </summary>
public sealed class CliOutput
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Codes and messages stay readable ('…', quotes) instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public CliOutput(bool json, TextWriter stdout, TextWriter stderr, bool isTerminal)
    {
        Json = json;
        Out = stdout;
        Error = stderr;
        IsTerminal = isTerminal && !json;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = IsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = IsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = IsTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!IsTerminal)
        {
            // A log file or a pipe has no width; Spectre would assume 80 columns and cut wide tables.
            Console.Profile.Width = 200;
        }
    }

    /// <summary>Machine-readable output: one JSON document on stdout, no colours, no progress.</summary>
    public bool Json { get; }

    /// <summary>Stdout is a terminal a person watches (and <see cref="Json"/> is off): live progress is drawn.</summary>
    public bool IsTerminal { get; }

    /// <summary>Human output on stdout.</summary>
    public IAnsiConsole Console { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public static CliOutput ForProcess(bool json) => new(json, System.Console.Out, System.Console.Error, !System.Console.IsOutputRedirected);

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>
    /// The one-line error on stderr, and with <c>--json</c> the same on stdout as
    /// <c>{ "exitCode", "error", "problem", "problemDetails", "lines" }</c>.
    /// </summary>
    /// <param name="failure">What went wrong.</param>
    /// <param name="lines">Per-line errors of an input file, when there are any.</param>
    public void Fail(CliException failure, object? lines = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        Error.WriteLine($"inventory: {failure.Message}");
        if (Json)
        {
            WriteJson(new CliError(failure.ExitCode, failure.Message, failure.Problem?.Code, failure.Problem?.Body, lines));
        }
    }

    private sealed record CliError(int ExitCode, string Error, string? Problem, JsonElement? ProblemDetails, object? Lines);
}
