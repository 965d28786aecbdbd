using Inventory.Bench.Cache;
using Inventory.Bench.Churn;
using Inventory.Bench.Cli;
using Inventory.Bench.Compare;

// Workloads are subcommands: "cache" (issue #4), "compare" (issues #6 and #14), "churn" (issue #13).
IBenchmark[] benchmarks = [new CacheBenchmark(), new CompareBenchmark(), new ChurnBenchmark()];
return await BenchmarkRunner.RunAsync(benchmarks, args);
