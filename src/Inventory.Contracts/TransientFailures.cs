using System.Data.Common;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Inventory;

/// <summary>
/// What a transient failure is, for every caller in the service: one that says "not now" rather than "wrong". It comes
/// in three degrees, each taking in the one before, because what a caller may do about it differs:
/// <list type="bullet">
/// <item><see cref="IsHandover"/>: the call did not run, so anyone may repeat it at once (the API does, briefly).</item>
/// <item><see cref="IsRepeatable"/>: the call changed nothing, or only what a repeat finds already done; grains repeat
/// these on each other, since every call between them is idempotent on its reservation or operation id.</item>
/// <item><see cref="IsTransient"/>: the caller may retry later (the API answers 503 with Retry-After); whether the call
/// took effect may be unknown, which the ids make harmless.</item>
/// </list>
/// </summary>
public static class TransientFailures
{
    /// <summary>
    /// The cluster refused or lost the call because a silo is leaving or gone (graceful shutdown hands its grains
    /// over; a crash takes a second or two to detect), or the client it was meant for has left.
    /// </summary>
    public static bool IsHandover(Exception exception) =>
        exception is OrleansMessageRejectionException or ClientNotAvailableException;

    /// <summary>
    /// A handover, or storage that refused a write (a stale version: while a silo hands its grains over a pair can
    /// briefly have two activations, and the stale one fails and reloads) or could not be reached.
    /// </summary>
    public static bool IsRepeatable(Exception exception) =>
        IsHandover(exception) || exception is InconsistentStateException or InventoryUnavailableException;

    /// <summary>
    /// Anything the cluster, its storage or the caller's time budget could not do now: also timeouts, cancellations,
    /// database errors, any other Orleans runtime failure, and failures whose type the caller does not know.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        _ when IsRepeatable(exception) => true,
        TimeoutException or DbException or OrleansException or UnavailableExceptionFallbackException or OperationCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };
}
