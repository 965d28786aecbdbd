using Inventory.Bench.Cache;
using Inventory.Bench.Cli;
using Inventory.Bench.Compare;

// Workloads are subcommands: "cache" (issue #4), "compare" (issues #6 and #14).
IBenchmark[] benchmarks = [new CacheBenchmark(), new CompareBenchmark()];
return await BenchmarkRunner.RunAsync(benchmarks, args);
