using System.Diagnostics;

namespace Inventory.Diagnostics;

/// <summary>
/// The service's own spans (activity source <see cref="SourceName"/>): stock writes and the storage batches that carry
/// them, stock change deliveries and channel deliveries. Grain calls and grain state reads and writes are Orleans' own
/// spans. Nothing listens to this source unless the host turned tracing on; until then every start returns null, so the
/// spans cost the checkout path nothing.
/// </summary>
public static class InventoryTracing
{
    public const string SourceName = "Inventory";

    /// <summary>The pair a span is about (<see cref="StockKey"/> as text).</summary>
    public const string StockKeyTag = "inventory.stock.key";

    /// <summary>The pair's version a span is about.</summary>
    public const string StockVersionTag = "inventory.stock.version";

    /// <summary>The sales channel a span is about.</summary>
    public const string ChannelTag = "inventory.channel";

    /// <summary>How many callers' items a storage batch, or how many updates a channel delivery, carries.</summary>
    public const string BatchSizeTag = "inventory.batch.size";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// A span for work the caller hands to another loop and awaits (a write queued for a storage batch): its parent is
    /// the caller's current span, but it does not become current, so nothing the caller does next lands inside it.
    /// End it with <see cref="EndWhenDoneAsync{T}"/>.
    /// </summary>
    public static Activity? StartHandedOver(string name, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var current = Activity.Current;
        var span = Source.StartActivity(name, kind);
        Activity.Current = current;
        return span;
    }

    /// <summary>
    /// A span that belongs to no caller's trace (work of many callers' changes, like a channel delivery), whatever is
    /// current where it starts. Call it from an async method: the span stays current there until it ends.
    /// </summary>
    public static Activity? StartRoot(string name, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity.Current = null;
        return Source.StartActivity(name, kind);
    }

    /// <summary>
    /// A span around sending a stream event. Its context travels in the Orleans request context the event is sent with
    /// (streams deliver that context with the event), so <see cref="StartReceive"/> continues this trace.
    /// </summary>
    public static Activity? StartSend(string name)
    {
        var span = Source.StartActivity(name, ActivityKind.Producer);
        if (span is not null)
        {
            DistributedContextPropagator.Current.Inject(span, null, static (_, field, value) => RequestContext.Set(field, value));
        }

        return span;
    }

    /// <summary>A span around handling a stream event, in the trace of the span that sent it (<see cref="StartSend"/>).</summary>
    public static Activity? StartReceive(string name)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(null, static (_, field, out value, out values) =>
        {
            value = RequestContext.Get(field) as string;
            values = null;
        }, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var sent)
            ? Source.StartActivity(name, ActivityKind.Consumer, sent)
            : Source.StartActivity(name, ActivityKind.Consumer);
    }

    /// <summary>Ends <paramref name="span"/> when <paramref name="work"/> completes, failed if it faults.</summary>
    public static async Task<T> EndWhenDoneAsync<T>(this Activity span, Task<T> work)
    {
        ArgumentNullException.ThrowIfNull(span);
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            return await work.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            span.Failed(e);
            throw;
        }
        finally
        {
            span.Dispose();
        }
    }

    /// <summary>Marks <paramref name="span"/> failed by <paramref name="exception"/>.</summary>
    public static void Failed(this Activity? span, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        span?.SetStatus(ActivityStatusCode.Error, exception.Message)
            .AddException(exception);
    }
}
