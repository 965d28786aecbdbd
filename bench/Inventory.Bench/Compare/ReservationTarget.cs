using Inventory.Bench.Hosting;
using Inventory.Bench.Measurement;

namespace Inventory.Bench.Compare;

/// <summary>
/// Something the checkout load is driven against over HTTP: the service, or the HTTP peer on one of its stores. It
/// names the processes whose CPU is its own (its server process and its store) and the PostgreSQL database whose
/// committed transactions it causes, so every target is measured the same way.
/// </summary>
/// <param name="Key"><c>service</c>, or the peer's store: <c>postgres</c>, <c>redis</c>, <c>none</c>.</param>
/// <param name="Name">How the report calls it.</param>
/// <param name="Server">The server process (the service is replaced when it restarts, hence a function).</param>
/// <param name="StoreCpu">CPU used so far by its store (PostgreSQL, Redis); null when it has none.</param>
/// <param name="Database">The PostgreSQL database it writes to; null when it does not use PostgreSQL.</param>
public sealed record ReservationTarget(string Key, string Name, Func<LaunchedProcess> Server, BenchApiKey ApiKey, Func<TimeSpan>? StoreCpu, string? Database)
{
    public const string ServiceKey = "service";
    public const string ServerProcess = "server";
    public const string StoreProcess = "store";
    public const string WrkProcess = "wrk";

    public Uri BaseAddress => Server().BaseAddress;

    /// <summary>False for the HTTP ceiling: it keeps no stock, so a sell-out or a hot pair cannot be checked there.</summary>
    public bool KeepsStock => StoreCpu is not null;

    /// <summary>
    /// Samples the CPU of its server and store, of this tool and of the machine; with <paramref name="wrk"/> also that
    /// of the wrk runs this tool has waited for, which the driver column adds to the tool's own.
    /// </summary>
    public Func<CpuSnapshot> Cpu(bool wrk)
    {
        var store = StoreCpu ?? (() => TimeSpan.Zero);
        List<(string, Func<TimeSpan>)> processes = [(ServerProcess, () => Server().CpuTime()), (StoreProcess, store)];
        if (wrk)
        {
            processes.Add((WrkProcess, ProcessCpu.ReapedChildrenOfThisProcess));
        }

        return () => CpuSnapshot.Take(processes);
    }
}
