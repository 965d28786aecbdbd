using Orleans.Concurrency;

namespace Inventory.Health;

/// <summary>Answers readiness probes on the silo that received them; no state, no placement lookup.</summary>
[StatelessWorker]
public sealed class ClusterHealthGrain : Grain, IClusterHealthGrain
{
    public Task PingAsync() => Task.CompletedTask;
}
