using System.Collections.Concurrent;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>
/// A grain call filter that makes chosen calls of chosen grains fail, or runs an action just before one, to play a
/// stock pair that cannot be reached for a while, or time that moves on between a caller's check and the callee's
/// decision. Calls of every other grain and method pass untouched.
/// </summary>
public sealed class GrainFaults : IIncomingGrainCallFilter
{
    private readonly ConcurrentDictionary<(string Grain, string Method), Action> _rules = new();
    private readonly ConcurrentDictionary<(string Grain, string Method), Action<IIncomingGrainCallContext>> _observers = new();

    /// <summary>Every call of <paramref name="method"/> on the grain keyed <paramref name="grainKey"/> fails transiently until cleared.</summary>
    public void Fail(string grainKey, string method) =>
        _rules[(grainKey, method)] = () => throw new InventoryUnavailableException($"Test fault: {method} on {grainKey} cannot be reached.");

    /// <summary>Runs <paramref name="action"/> once, just before the next call of <paramref name="method"/> reaches the grain.</summary>
    public void Once(string grainKey, string method, Action action)
    {
        var key = (grainKey, method);
        _rules[key] = () =>
        {
            _rules.TryRemove(key, out _);
            action();
        };
    }

    /// <summary>
    /// Shows every call of <paramref name="method"/> on the grain keyed <paramref name="grainKey"/> to
    /// <paramref name="observe"/> (which may throw to fail it) just before it reaches the grain, until cleared.
    /// </summary>
    public void Observe(string grainKey, string method, Action<IIncomingGrainCallContext> observe) =>
        _observers[(grainKey, method)] = observe;

    /// <summary>Lets every call of the grain keyed <paramref name="grainKey"/> through again.</summary>
    public void Clear(string grainKey)
    {
        foreach (var key in _rules.Keys.Where(k => k.Grain == grainKey))
        {
            _rules.TryRemove(key, out _);
        }

        foreach (var key in _observers.Keys.Where(k => k.Grain == grainKey))
        {
            _observers.TryRemove(key, out _);
        }
    }

    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (!_rules.IsEmpty && _rules.TryGetValue((context.TargetId.Key.ToString()!, context.InterfaceMethod.Name), out var rule))
        {
            rule();
        }

        if (!_observers.IsEmpty && _observers.TryGetValue((context.TargetId.Key.ToString()!, context.InterfaceMethod.Name), out var observe))
        {
            observe(context);
        }

        return context.Invoke();
    }
}
