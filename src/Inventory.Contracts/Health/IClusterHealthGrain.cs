namespace Inventory.Health;

/// <summary>
/// The cheapest call the cluster can answer: readiness probes use it to prove a silo takes grain calls.
/// It touches no storage, so a probe never competes with checkout for the database.
/// </summary>
[Alias("inventory.IClusterHealthGrain")]
public interface IClusterHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Answers at once, from whichever silo received the call.</summary>
    [Alias("ping")] Task PingAsync();
}
