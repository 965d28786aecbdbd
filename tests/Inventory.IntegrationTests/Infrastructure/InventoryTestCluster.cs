using Inventory.Silo.Hosting;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>Starts in-process test clusters hosting the real grains on a SQLite file in a given folder.</summary>
public static class InventoryTestCluster
{
    /// <summary>
    /// The grains' clock in fake-clock clusters. Static because Orleans creates silo configurators by type;
    /// only one collection uses it, and its tests run one at a time.
    /// </summary>
    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Faults injected into grain calls of fake-clock clusters (static for the same reason as <see cref="Clock"/>).</summary>
    public static GrainFaults Faults { get; } = new();

    /// <summary>Faults injected into stock writes of fake-clock clusters (static for the same reason as <see cref="Clock"/>).</summary>
    public static StockStorageFaults StockFaults { get; } = new();

    public static async Task<TestCluster> StartAsync(string dataDirectory, bool fakeClock, int silos = 1)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ServiceId = "inventory-tests";
        builder.Options.ClusterId = $"tests-{Guid.NewGuid():N}";
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Storage:DataDirectory"] = dataDirectory,
            ["Inventory:Stock:LowStockThreshold"] = "2",
            // Tiny hold pages, so every grain test also exercises holds stored across sealed pages.
            ["Inventory:Stock:HoldPageSize"] = "3",
            // Reminders run on real time: a short period lets a test see one finish a reservation within seconds.
            ["Inventory:Reservations:SettleReminderPeriod"] = "00:00:02",
        }));
        if (fakeClock)
        {
            builder.AddSiloBuilderConfigurator<FakeClockSilo>();
        }
        else
        {
            builder.AddSiloBuilderConfigurator<RealClockSilo>();
        }

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class RealClockSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddInventoryGrains(siloBuilder.Configuration);
    }

    private sealed class FakeClockSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddInventoryGrains(siloBuilder.Configuration);
            // Only grains and grain timers see the fake clock; membership, messaging and the rest keep real time.
            siloBuilder.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, Clock);
            siloBuilder.Services.AddSingleton<IIncomingGrainCallFilter>(Faults);
            siloBuilder.Services.AddSingleton<IStockStorage>(services => StockFaults.Around(services.GetRequiredService<StockStorage>()));
        }
    }
}
