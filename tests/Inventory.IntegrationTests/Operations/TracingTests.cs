using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Inventory.Diagnostics;
using Inventory.IntegrationTests.Api;
using Inventory.IntegrationTests.Infrastructure;
using Inventory.ServiceDefaults.Configuration;
using Inventory.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Orleans.Runtime;

namespace Inventory.IntegrationTests.Operations;

/// <summary>
/// Tracing through the real app, switched on the way ops switch it on (settings read by the hosts' own telemetry
/// extension) with the in-memory exporter in place of OTLP. Listeners are process-wide, so spans of other tests' hosts
/// may arrive too: every check follows one trace by its span ids.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private const string Location = "WH-TRACING";

    // A name of its own: other tests' hosts deliver to channels too, and the spans of every host reach the exporter.
    private const string Channel = "tracing-feed";

    private readonly TempDirectory _data = new();
    private readonly ExportedSpans _spans = new();
    private InventoryApiFactory? _factory;

    [Fact]
    public async Task OneCheckoutIsOneTraceFromTheRequestThroughBothGrainsToTheStorageWrites()
    {
        var http = StartTraced().CreateClient();
        var sku = await http.SeedAsync(Location, 5);

        // Sent as a gateway that traces would send it, so this request's spans are told from other tests' by their trace.
        var gateway = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var checkout = new HttpRequestMessage(HttpMethod.Post, "/v1/reservations")
        {
            Content = JsonContent.Create(new { lines = new[] { new { sku, location = Location, quantity = 2 } } }),
        };
        checkout.Headers.Add("traceparent", $"00-{gateway.TraceId}-{gateway.SpanId}-01");
        using var created = await http.SendAsync(checkout);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await SpanAsync(
            s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server && s.TraceId == gateway.TraceId
                 && s.ParentSpanId == gateway.SpanId && Equals(s.GetTagItem("url.path"), "/v1/reservations"),
            "the span of the request POST /v1/reservations");
        var createCall = await ChildAsync(request, GrainCall("IReservationGrain/CreateAsync", ActivityKind.Client), "the call to the reservation grain");
        var activation = await ChildAsync(createCall,
            s => s.Source.Name == ActivitySources.LifecycleActivitySourceName && s.OperationName == ActivityNames.ActivateGrain,
            "the new reservation grain's activation");
        var lookup = await ChildAsync(activation, StorageOf("reservation", ActivityNames.StorageRead), "the activation's read of the reservation's record");
        var create = await ChildAsync(createCall, GrainCall("IReservationGrain/CreateAsync", ActivityKind.Server), "the reservation grain's handling of it");
        var record = await ChildAsync(create, StorageOf("reservation", ActivityNames.StorageWrite), "the write of the reservation's record");
        var holdCall = await ChildAsync(create, GrainCall("IStockGrain/HoldAsync", ActivityKind.Client), "the reservation grain's call to the stock grain");
        var hold = await ChildAsync(holdCall, GrainCall("IStockGrain/HoldAsync", ActivityKind.Server), "the stock grain's handling of the hold");
        var pairWrite = await ChildAsync(hold,
            s => s.Source.Name == InventoryTracing.SourceName && s.OperationName == "write stock"
                 && Equals(s.GetTagItem(InventoryTracing.StockKeyTag), $"{Location}/{sku}"),
            "the write of the pair, as the stock grain waits for it");
        var statement = await SpanAsync(
            s => s.Source.Name == InventoryTracing.SourceName && s.OperationName == "write stock batch"
                 && (IsChildOf(s, pairWrite) || s.Links.Any(link => link.Context == pairWrite.Context)),
            "the storage batch that wrote the pair, under or linked to the pair's write");
        var publication = await ChildAsync(hold,
            s => s.Source.Name == InventoryTracing.SourceName && s.OperationName == "publish stock change"
                 && Equals(s.GetTagItem(InventoryTracing.StockKeyTag), $"{Location}/{sku}"),
            "the publication of the pair's change");
        var delivery = await ChildAsync(publication,
            s => s.Source.Name == InventoryTracing.SourceName && s.OperationName == "receive stock change"
                 && Equals(s.GetTagItem("inventory.consumer"), "CacheInvalidationGrain"),
            "the change's delivery to the cache invalidation consumer");

        Assert.Equal(ActivityKind.Client, record.Kind);
        Assert.Equal(ActivityKind.Client, statement.Kind);
        Assert.Equal(1, statement.GetTagItem(InventoryTracing.BatchSizeTag));
        Assert.Equal(ActivityKind.Consumer, delivery.Kind);
        Assert.All([createCall, activation, lookup, create, record, holdCall, hold, pairWrite, publication, delivery], span => Assert.Equal(request.TraceId, span.TraceId));
    }

    [Fact]
    public async Task AChannelDeliveryIsATraceOfItsOwnThatHoldsItsHttpPost()
    {
        await using var receiver = new ChannelReceiverServer("tracing-test-secret-0001");
        await receiver.StartAsync();
        var http = StartTraced(new()
        {
            [$"Inventory:Channels:{Channel}:Endpoint"] = receiver.Endpoint.ToString(),
            [$"Inventory:Channels:{Channel}:Secret"] = "tracing-test-secret-0001",
        }).CreateClient();

        await http.SeedAsync(Location, 5);

        var delivery = await SpanAsync(
            s => s.Source.Name == InventoryTracing.SourceName && s.OperationName == "deliver channel batch"
                 && Equals(s.GetTagItem(InventoryTracing.ChannelTag), Channel) && s.Status == ActivityStatusCode.Unset,
            "a delivery to the channel that succeeded");
        var post = await ChildAsync(delivery,
            s => s.Source.Name == "System.Net.Http" && Equals(s.GetTagItem("url.full"), receiver.Endpoint.ToString()),
            "the delivery's HTTP POST to the receiver");

        Assert.Equal(default, delivery.ParentSpanId);
        Assert.Equal(ActivityKind.Client, delivery.Kind);
        Assert.Equal((ActivityKind.Client, "POST", 200),
            (post.Kind, post.GetTagItem("http.request.method"), post.GetTagItem("http.response.status_code")));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", true)]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://collector:4318/v1/traces", true)]
    [InlineData("OTEL_TRACES_EXPORTER=otlp", true)]
    [InlineData("OTEL_TRACES_EXPORTER=none;OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", false)]
    [InlineData("OTEL_SDK_DISABLED=true;OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", false)]
    [InlineData("Inventory:Telemetry:Tracing=false;OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", false)]
    [InlineData("Inventory:Telemetry:Tracing=true", true)]
    [InlineData("Inventory:Telemetry:Tracing=true;OTEL_TRACES_EXPORTER=none", true)]
    public void TracingIsOnOnlyWhenTheSettingsAskForIt(string settings, bool on) =>
        Assert.Equal(on, new ServiceCollection().IsTracingEnabled(Configuration(settings)));

    [Fact]
    public void AHostWithoutTracingSettingsHasNoTracerProvider()
    {
        var untraced = WebApplication.CreateEmptyBuilder(new());
        untraced.AddInventoryTelemetry();
        var traced = WebApplication.CreateEmptyBuilder(new());
        traced.Configuration.AddConfiguration(Configuration("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317"));
        traced.AddInventoryTelemetry();

        Assert.DoesNotContain(untraced.Services, d => d.ServiceType == typeof(TracerProvider));
        Assert.Contains(traced.Services, d => d.ServiceType == typeof(TracerProvider));
    }

    [Fact]
    public void AnExporterTheServiceDoesNotHaveStopsStartUpNamingTheVariable()
    {
        var error = Assert.Throws<InventoryConfigurationException>(
            () => new ServiceCollection().IsTracingEnabled(Configuration("OTEL_TRACES_EXPORTER=otlp,zipkin")));

        Assert.Equal("OTEL_TRACES_EXPORTER: 'zipkin' is not an exporter this service has (otlp or none).", error.Message);
    }

    public void Dispose()
    {
        _factory?.Dispose();
        _data.Dispose();
    }

    /// <summary>The real app with tracing on, as ops turn it on, exporting to <see cref="_spans"/> instead of OTLP.</summary>
    private InventoryApiFactory StartTraced(Dictionary<string, string>? settings = null)
    {
        settings ??= [];
        settings[$"{TelemetryOptions.Section}:Tracing"] = "true";
        settings["OTEL_TRACES_EXPORTER"] = "none";
        return _factory = new InventoryApiFactory(_data.Path, settings,
            services: services => services.ConfigureOpenTelemetryTracerProvider(traces => traces.AddInMemoryExporter(_spans)));
    }

    private static IConfiguration Configuration(string settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(setting => setting.Split('=', 2))
            .Select(pair => KeyValuePair.Create(pair[0], (string?)pair[1])))
        .Build();

    private static Func<Activity, bool> GrainCall(string name, ActivityKind kind) =>
        s => s.Source.Name == ActivitySources.ApplicationGrainActivitySourceName && s.OperationName == name && s.Kind == kind;

    private static Func<Activity, bool> StorageOf(string state, string operation) =>
        s => s.Source.Name == ActivitySources.StorageActivitySourceName && s.OperationName == operation
             && Equals(s.GetTagItem("orleans.storage.state.name"), state);

    private static bool IsChildOf(Activity span, Activity parent) => span.TraceId == parent.TraceId && span.ParentSpanId == parent.SpanId;

    private Task<Activity> ChildAsync(Activity parent, Func<Activity, bool> match, string what) =>
        SpanAsync(s => IsChildOf(s, parent) && match(s), $"{what}, a child of '{parent.OperationName}'");

    /// <summary>Waits until an exported span matches: spans are exported as they end, some after the response.</summary>
    private async Task<Activity> SpanAsync(Func<Activity, bool> match, string what)
    {
        var provider = _factory!.Services.GetRequiredService<TracerProvider>();
        var found = await Eventually.MatchesAsync(
            () =>
            {
                provider.ForceFlush();
                return Task.FromResult(_spans.Snapshot().FirstOrDefault(match));
            },
            span => span is not null,
            what);
        return found!;
    }
}
