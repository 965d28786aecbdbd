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

    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < Backoff.Length && IsHandover(ex))
            {
                await Task.Delay(Backoff[attempt]);
            }
        }
    }

    /// <summary>
    /// As <see cref="RunAsync{T}(Func{Task{T}})"/>, but gives up after <paramref name="budget"/> (retries included) with a
    /// <see cref="ClusterTimeoutException"/>, so a caller is never left hanging on a cluster that does not answer.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan budget)
    {
        var started = TimeProvider.System.GetTimestamp();
        TimeSpan Remaining() => budget - TimeProvider.System.GetElapsedTime(started);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call().WaitAsync(Remaining() is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            }
            catch (TimeoutException)
            {
                throw new ClusterTimeoutException(budget);
            }
            catch (Exception ex) when (attempt < Backoff.Length && IsHandover(ex) && Remaining() > Backoff[attempt])
            {
                await Task.Delay(Backoff[attempt]);
            }
        }
    }

    private static bool IsHandover(Exception exception) =>
        exception is OrleansMessageRejectionException or SiloUnavailableException or ClientNotAvailableException;
}
