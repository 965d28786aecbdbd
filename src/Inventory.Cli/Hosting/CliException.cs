using Inventory.Cli.Http;

namespace Inventory.Cli.Hosting;

/// <summary>A failure that ends the command with <see cref="ExitCode"/> and one line saying why.</summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message, ApiProblem? problem = null)
        : base(message)
    {
        ExitCode = exitCode;
        Problem = problem;
    }

    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int ExitCode { get; } = ExitCodes.Unexpected;

    /// <summary>The API's problem details, when the failure is an answer of the API.</summary>
    public ApiProblem? Problem { get; }
}
