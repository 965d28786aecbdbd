using System.Collections.Concurrent;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>
/// A grain call filter that fails chosen calls (by grain key and method), to play a request whose node or storage
/// fails half-way through without stopping the whole test cluster.
/// </summary>
public sealed class FailingGrainCalls : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<(string GrainKey, string Method), int> _failures = new();

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> on that grain throw.</summary>
    public void Fail(string grainKey, string method, int times = 1) => _failures[(grainKey, method)] = times;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var call = (context.TargetId.Key.ToString()!, context.InterfaceMethod.Name);
        while (_failures.TryGetValue(call, out var left) && left > 0)
        {
            if (_failures.TryUpdate(call, left - 1, left))
            {
                throw new InvalidOperationException($"{call.Item2} on {call.Item1} failed by the test.");
            }
        }

        return context.Invoke();
    }
}
