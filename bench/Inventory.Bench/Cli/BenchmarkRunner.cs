using System.Runtime.InteropServices;

namespace Inventory.Bench.Cli;

/// <summary>Picks the workload named by the first argument and runs it; Ctrl+C and SIGTERM cancel it cleanly.</summary>
public static class BenchmarkRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<IBenchmark> benchmarks, string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintUsage(benchmarks);
            return args.Length == 0 ? 2 : 0;
        }

        var benchmark = benchmarks.FirstOrDefault(b => b.Name == args[0]);
        if (benchmark is null)
        {
            await Console.Error.WriteLineAsync($"unknown workload '{args[0]}'");
            PrintUsage(benchmarks);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Let the workload stop its processes itself; a second Ctrl+C kills the tool the hard way.
            e.Cancel = !cancellation.IsCancellationRequested;
            Console.Error.WriteLine("cancelling: stopping the started processes...");
            cancellation.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });

        try
        {
            var options = new BenchArgs(args[1..]);
            if (options.WantsHelp)
            {
                Console.WriteLine($"usage: Inventory.Bench {benchmark.Name} [options]\n  {benchmark.Summary}\n\n{benchmark.OptionsHelp}");
                return 0;
            }

            return await benchmark.RunAsync(options, cancellation.Token);
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"{benchmark.Name}: {ex.Message} (see --help)");
            return 2;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            // The processes are stopped by then; what is left to say is why.
            await Console.Error.WriteLineAsync($"{benchmark.Name} failed: {ex.Message}");
            return 1;
        }
    }

    private static void PrintUsage(IReadOnlyList<IBenchmark> benchmarks)
    {
        Console.WriteLine("usage: dotnet run -c Release --project bench/Inventory.Bench -- <workload> [options]   (build Orleans.sln in Release first)");
        Console.WriteLine();
        foreach (var benchmark in benchmarks)
        {
            Console.WriteLine($"  {benchmark.Name,-10} {benchmark.Summary}");
        }

        Console.WriteLine();
        Console.WriteLine("  <workload> --help lists its options.");
    }
}
