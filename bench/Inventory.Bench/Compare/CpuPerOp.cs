using Inventory.Bench.Measurement;

namespace Inventory.Bench.Compare;

/// <summary>CPU µs per answered attempt in a measured window, by who spent it.</summary>
/// <param name="Server">The service's process, or the HTTP peer's.</param>
/// <param name="Store">PostgreSQL (every backend) or the peer's redis-server; 0 for the HTTP ceiling.</param>
/// <param name="Driver">The load driver: this tool (the C# clients), plus wrk when wrk drove the load.</param>
/// <param name="Rest">Everything else on the machine: idle processes of the run, other users.</param>
public sealed record CpuPerOp(double Server, double Store, double Driver, double Rest)
{
    /// <summary>What the design itself costs per reservation: its server and its store.</summary>
    public double System => Server + Store;

    public static CpuPerOp? Of(CpuWindow? window, long attempts)
    {
        if (window is null || attempts <= 0)
        {
            return null;
        }

        double PerOp(TimeSpan time) => time.TotalMicroseconds / attempts;
        TimeSpan Named(string name) => window.Processes.Where(p => p.Name == name).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu);
        return new CpuPerOp(
            PerOp(Named(ReservationTarget.ServerProcess)),
            PerOp(Named(ReservationTarget.StoreProcess)),
            PerOp(window.Tool + Named(ReservationTarget.WrkProcess)),
            PerOp(window.Rest));
    }
}
