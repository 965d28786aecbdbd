namespace Inventory.Bench.Cli;

/// <summary>One workload of the benchmark tool, run as <c>Inventory.Bench &lt;name&gt; [options]</c>.</summary>
public interface IBenchmark
{
    /// <summary>The subcommand, e.g. <c>cache</c>.</summary>
    string Name { get; }

    /// <summary>One line for the list of workloads.</summary>
    string Summary { get; }

    /// <summary>The options this workload takes, one per line, for <c>--help</c>.</summary>
    string OptionsHelp { get; }

    /// <summary>Runs the workload and prints its results; returns the process exit code.</summary>
    /// <param name="args">The options after the subcommand.</param>
    /// <param name="cancellation">Cancelled on Ctrl+C or SIGTERM: stop, clean up, exit.</param>
    Task<int> RunAsync(BenchArgs args, CancellationToken cancellation);
}
