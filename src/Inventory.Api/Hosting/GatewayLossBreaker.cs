using Orleans.Runtime;

namespace Inventory.Api.Hosting;

/// <summary>
/// Fails the API's grain calls that are waiting for an answer when one of the client's gateway connections closes,
/// so <see cref="ClusterCall"/> can repeat them on a live gateway at once. A silo that crashes takes its gateway
/// connection with it, and the Orleans client does not fail the requests it had already sent through that connection
/// (nor those the gateway had forwarded on to a silo that is gone): they would wait for the client's response timeout,
/// far beyond a checkout's budget. Inside a silo, Orleans fails such calls when the target silo is declared dead; this
/// is the client's counterpart, triggered as soon as the connection is known closed.
/// <para>
/// Every call in flight at that moment is failed, not only those routed through the closed connection: which gateway
/// carries a call, and which silo a gateway forwards it to, is not visible to the client, and a closed gateway usually
/// means its silo is gone, whatever the route. A call failed this way may still have run; every grain operation of
/// the API is idempotent on its id, so the repeat changes nothing twice.
/// </para>
/// </summary>
public sealed class GatewayLossBreaker : IClusterConnectionStatusObserver, IOutgoingGrainCallFilter, IDisposable
{
    private CancellationTokenSource _nextLoss = new();
    private volatile bool _disposed;

    /// <summary>Cancelled when a gateway connection closes; a fresh token watches for the next loss.</summary>
    public CancellationToken NextLoss => Volatile.Read(ref _nextLoss).Token;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Lost();
        }
    }

    public void NotifyClusterConnectionLost() => Lost();

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return GuardAsync(context.Invoke);
    }

    /// <summary>
    /// Sends <paramref name="call"/> and waits for its answer, unless a gateway connection closes first: then the call
    /// fails with <see cref="SiloUnavailableException"/> (a handover, see <see cref="TransientFailures.IsHandover"/>).
    /// </summary>
    public async Task GuardAsync(Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);

        // Watched from before the call is sent: a loss while sending must break it too.
        var loss = NextLoss;
        var answer = call();
        try
        {
            await answer.WaitAsync(loss);
        }
        catch (OperationCanceledException) when (loss.IsCancellationRequested)
        {
            if (answer.IsCompleted)
            {
                await answer;
                return;
            }

            // Nobody waits for the abandoned call any more; its eventual failure (the client's response timeout) is not news.
            answer.Ignore();
            throw new SiloUnavailableException("A gateway connection of the API closed while this call was waiting for its answer; the call may or may not have run.");
        }
    }

    /// <summary>With the client's services, once no call is made any more: the connections close as the client stops.</summary>
    public void Dispose()
    {
        _disposed = true;
        Volatile.Read(ref _nextLoss).Dispose();
    }

    private void Lost()
    {
        if (_disposed)
        {
            return;
        }

        // The cancelled source is not disposed: a call may still be reading its token.
        var lost = Interlocked.Exchange(ref _nextLoss, new CancellationTokenSource());
        lost.Cancel();
    }
}
