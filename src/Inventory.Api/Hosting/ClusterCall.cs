using System.Diagnostics;
using Orleans.Runtime;

namespace Inventory.Api.Hosting;

/// <summary>
/// Calls a grain, retrying briefly when the cluster refused the call because a silo is leaving or gone (graceful
/// shutdown hands its grains over; a crash takes a second or two to detect). Every grain operation is idempotent
/// on its reservation or operation id, so a repeat changes nothing twice. Other failures surface at once.
/// </summary>
public static class ClusterCall
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500)];

    public static Task<T> RunAsync<T>(Func<Task<T>> call) => RunAsync(call, Timeout.InfiniteTimeSpan);

    /// <summary>For calls that return nothing.</summary>
    public static Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call();
        return true;
    });

    /// <summary>
    /// As <see cref="RunAsync{T}(Func{Task{T}})"/>, but gives up after <paramref name="budget"/> (retries included) with a
    /// <see cref="ClusterTimeoutException"/>, so a caller is never left hanging on a cluster that does not answer.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan budget)
    {
        var bounded = budget != Timeout.InfiniteTimeSpan;
        var started = Stopwatch.GetTimestamp();
        TimeSpan Remaining() => bounded ? budget - Stopwatch.GetElapsedTime(started) : Timeout.InfiniteTimeSpan;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(bounded && Remaining() < TimeSpan.Zero ? TimeSpan.Zero : Remaining());
            }
            catch (TimeoutException) when (bounded)
            {
                throw new ClusterTimeoutException(budget);
            }
            catch (Exception ex) when (attempt < Backoff.Length && IsHandover(ex) && (!bounded || Remaining() > Backoff[attempt]))
            {
                await Task.Delay(Backoff[attempt]);
            }
        }
    }

    private static bool IsHandover(Exception exception) =>
        exception is OrleansMessageRejectionException or SiloUnavailableException or ClientNotAvailableException;
}
