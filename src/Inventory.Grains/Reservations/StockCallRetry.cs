using Orleans.Storage;

namespace Inventory.Reservations;

/// <summary>
/// Repeats a reservation's call to a stock grain that failed for a reason that passes on its own.
/// The main case is a version conflict. While a silo hands its grains over, a pair can briefly have two
/// activations. The one holding a stale version then fails its write and reloads. The storage ETag makes sure
/// nothing is decided twice, and the repeated call reaches a current activation.
/// Every stock call a reservation makes is idempotent per reservation id, so it is safe to repeat a call whose
/// answer was lost after its change became durable.
/// </summary>
public static class StockCallRetry
{
    /// <summary>The pauses before each repeat: at most three more attempts, about 0.3 s in all.</summary>
    public static IReadOnlyList<TimeSpan> Pauses { get; } =
        [TimeSpan.Zero, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250)];

    /// <summary>
    /// Failures after which the call changed nothing, or changed what a repeat finds already done.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception is
        InconsistentStateException or InventoryUnavailableException or SiloUnavailableException or OrleansMessageRejectionException;

    /// <summary>
    /// Runs <paramref name="call"/>. After a transient failure it waits the next pause and runs the call again,
    /// until the pauses run out. Then it rethrows the last failure. Any other failure is rethrown at once.
    /// </summary>
    public static async Task<T> RunAsync<T>(
        Func<Task<T>> call, IReadOnlyList<TimeSpan> pauses, TimeProvider time, Action<Exception, int>? retrying = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < pauses.Count && IsTransient(ex))
            {
                retrying?.Invoke(ex, attempt + 1);
                if (pauses[attempt] > TimeSpan.Zero)
                {
                    await Task.Delay(pauses[attempt], time);
                }
            }
        }
    }
}
