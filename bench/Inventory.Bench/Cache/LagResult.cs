using Inventory.Bench.Measurement;

namespace Inventory.Bench.Cache;

/// <summary>What the invalidation-lag run measured; lags are from the write's acknowledgement to the first poll that saw it.</summary>
public sealed record LagResult(
    int Changes,
    TimeSpan Elapsed,
    IReadOnlyList<NodeLag> Nodes,
    LatencySummary Overall,
    LatencySummary PollRoundTrip,
    LatencySummary WriteAck);

/// <summary>The lag seen on one API node.</summary>
/// <param name="Node">The node's label.</param>
/// <param name="Lag">Ack-to-visible lag of every change seen within the timeout.</param>
/// <param name="NotSeen">Changes not visible within the timeout.</param>
/// <param name="SeenOnFirstPoll">Changes already visible on the first poll after the ack.</param>
public sealed record NodeLag(string Node, LatencySummary Lag, int NotSeen, int SeenOnFirstPoll);
