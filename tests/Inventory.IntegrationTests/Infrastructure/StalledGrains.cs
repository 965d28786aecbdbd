using System.Collections.Concurrent;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>
/// A grain call filter that holds calls to chosen grains until released, to play a cluster that does not answer
/// (an overloaded or partitioned silo) without stopping the whole test cluster.
/// </summary>
public sealed class StalledGrains : IIncomingGrainCallFilter, IDisposable
{
    private readonly ConcurrentDictionary<string, byte> _stalled = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _release = new();

    public void Stall(string grainKey) => _stalled[grainKey] = 0;

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (_stalled.ContainsKey(context.TargetId.Key.ToString()!))
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await context.Invoke();
    }
}
