using Inventory.Bench.Cache;
using Inventory.Bench.Cli;

// Workloads are subcommands; issue #6 adds the reservation workloads next to "cache".
IBenchmark[] benchmarks = [new CacheBenchmark()];
return await BenchmarkRunner.RunAsync(benchmarks, args);
