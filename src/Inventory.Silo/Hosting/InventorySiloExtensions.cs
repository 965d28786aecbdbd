using System.Net;
using Inventory.Diagnostics;
using Inventory.Reservations;
using Inventory.ServiceDefaults.Configuration;
using Inventory.ServiceDefaults.Telemetry;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;
using Orleans.Streams;

namespace Inventory.Silo.Hosting;

/// <summary>Composes an inventory silo from its parts; <c>Program.cs</c> only calls these.</summary>
public static class InventorySiloExtensions
{
    /// <summary>
    /// A complete silo: membership (localhost or Redis), endpoints, the inventory grains with their storage
    /// (SQLite or PostgreSQL) and streams, and the dashboard.
    /// </summary>
    public static ISiloBuilder AddInventorySilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = silo.Services.LoadValidatedOptions<InventoryClusterOptions>(configuration, InventoryClusterOptions.Section);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });

        if (cluster.Membership == MembershipKind.Redis)
        {
            silo.UseRedisClustering(cluster.Redis!);
            // The silo and gateway ports take grain calls without API keys: listen where the silo is reached (the
            // advertised address, or the one Orleans picks for this host), not on every interface unless asked to.
            if (string.IsNullOrWhiteSpace(cluster.AdvertisedIPAddress))
            {
                silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: cluster.ListenOnAllInterfaces);
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIPAddress), cluster.SiloPort, cluster.GatewayPort,
                    listenOnAnyHostAddress: cluster.ListenOnAllInterfaces);
            }

            silo.UseFastFailureDetection();
        }
        else
        {
            // Advertises and listens on loopback only (tested): nothing outside this host reaches the grains.
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        silo.AddDashboard();
        // The grains record on their own meter; the host's telemetry (service defaults) exports it.
        silo.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(InventoryMetrics.MeterName));
        // Likewise their spans, exported only when the host traces; only then do grain calls carry the trace along.
        silo.Services.ConfigureOpenTelemetryTracerProvider(traces => traces.AddSource(InventoryTracing.SourceName));
        if (silo.Services.IsTracingEnabled(configuration))
        {
            silo.AddActivityPropagation();
        }

        silo.Services.AddHostedService<MetricBaseline>();
        silo.Services.AddSingleton<ShortfallUnitsGauge>();
        silo.Services.AddValidatedOptions<ShortfallPollerOptions>(configuration, ShortfallPollerOptions.Section);
        silo.Services.AddHostedService<ShortfallPoller>();
        return silo.AddInventoryGrains(configuration);
    }

    /// <summary>
    /// The inventory grains and what they need (options, grain storage, the stock stream), without clustering,
    /// so test clusters can host them too.
    /// </summary>
    public static ISiloBuilder AddInventoryGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var stock = silo.Services.LoadValidatedOptions<StockOptions>(configuration, StockOptions.Section);
        var reservations = silo.Services.LoadValidatedOptions<ReservationOptions>(configuration, ReservationOptions.Section);
        silo.Services.TryAddSingleton(TimeProvider.System);

        silo.AddIncomingGrainCallFilter<StorageFailureFilter>();
        // Failures raised while a grain activates (reading its state) do not pass the call filter: let the drivers'
        // exceptions travel too; clients that lack the types receive a fallback exception, answered as 503.
        silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o =>
        {
            o.SupportedNamespacePrefixes.Add("Npgsql");
            o.SupportedNamespacePrefixes.Add("StackExchange.Redis");
        });
        var storage = silo.AddInventoryStorage(configuration);
        silo.AddInventoryReminders(storage, stock, reservations);
        var streams = silo.Services.LoadValidatedOptions<StreamOptions>(configuration, StreamOptions.Section);
        silo.AddMemoryStreams(InventoryNames.StreamProvider, stream =>
        {
            stream.ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = streams.PollingPeriod));
            // Every consumer subscribes implicitly (by grain type), so no stream needs the explicit pub-sub
            // bookkeeping: without it a pair's first change no longer registers its stock grain as a producer with a
            // rendezvous grain and writes that grain's state (about a fifth of a feed burst's busy samples went there).
            stream.ConfigureStreamPubSub(StreamPubSubType.ImplicitOnly);
        });
        return silo.AddInventoryChannels(configuration);
    }

    /// <summary>
    /// Detects a dead silo in about two seconds instead of Orleans' default of tens of seconds: probes time out after
    /// one second and two missed probes are enough. The price is a little more probe traffic and a higher chance that
    /// a silo stalled for over ~2 s (a long GC pause, an overloaded host) is declared dead and has to restart.
    /// </summary>
    public static ISiloBuilder UseFastFailureDetection(this ISiloBuilder silo) => silo.Configure<ClusterMembershipOptions>(o =>
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.NumMissedProbesLimit = 2;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(10);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
    });

    private static StorageOptions AddInventoryStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var storage = silo.Services.LoadValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaInstaller>();
        silo.Services.AddSingleton<StorageJanitor>();
        silo.Services.AddHostedService(services => services.GetRequiredService<StorageJanitor>());
        // Stock pairs live in tables of their own, on either provider; grain storage keeps the rest (and the pairs'
        // rows from before those tables, read once when such a pair activates).
        silo.AddStockStorage(storage);
        if (storage.Provider == StorageProvider.PostgreSQL && storage.BatchWrites)
        {
            silo.AddBatchingPostgresGrainStorage(InventoryNames.GrainStorage, options => options.Configure<IServiceProvider>((options, services) =>
            {
                options.ConnectionString = storage.EffectiveConnectionString;
                options.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
            }));
            return storage;
        }

        silo.AddAdoNetGrainStorage(InventoryNames.GrainStorage, (OptionsBuilder<AdoNetGrainStorageOptions> options) => options
            .Configure<IServiceProvider>((options, services) =>
            {
                options.Invariant = Invariant(storage.Provider);
                options.ConnectionString = storage.EffectiveConnectionString;
                // Compact binary state with version-tolerant [Id]s and stable [Alias] type names.
                options.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
                // A cleared state (a dropped hold page, an expired Idempotency-Key answer) leaves no row behind.
                options.DeleteStateOnClear = true;
            }));
        return storage;
    }

    /// <summary>
    /// Durable reminders in the same database, so a pair holding stock, and a reservation with an unfinished order step,
    /// come back after a silo crash.
    /// </summary>
    private static void AddInventoryReminders(this ISiloBuilder silo, StorageOptions storage, StockOptions stock, ReservationOptions reservations)
    {
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = Invariant(storage.Provider);
            options.ConnectionString = storage.EffectiveConnectionString;
        });
        var shortest = stock.ExpiryReminderPeriod < reservations.SettleReminderPeriod ? stock.ExpiryReminderPeriod : reservations.SettleReminderPeriod;
        silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = shortest < o.MinimumReminderPeriod ? shortest : o.MinimumReminderPeriod);
    }

    // "System.Data.SQLite" is the ADO.NET providers' name for SQLite; they map it to Microsoft.Data.Sqlite.
    private static string Invariant(StorageProvider provider) => provider == StorageProvider.PostgreSQL ? "Npgsql" : "System.Data.SQLite";
}
