using Inventory.IntegrationTests.Infrastructure;
using Inventory.Silo.Storage;
using Inventory.Stock;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Inventory.IntegrationTests.Storage;

/// <summary>Rows nothing needs any more are deleted on the embedded default's SQLite file; what is live stays.</summary>
[Collection(FakeClockCollection.Name)]
public class StorageJanitorTests(FakeClockClusterFixture fixture)
{
    [Fact]
    public async Task AfterAChurnOnlyWhatIsLiveIsLeftAndLoadsAsBefore()
    {
        var silo = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services;
        var churn = new StorageChurn(
            fixture.Grains,
            silo.GetRequiredKeyedService<IGrainStorage>(InventoryNames.GrainStorage),
            silo.GetRequiredService<IStockStorage>(),
            silo.GetRequiredService<StorageJanitor>(),
            InventoryTestCluster.Clock,
            () => new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "inventory.db")}"),
            fixture.Cluster.Options.ServiceId);

        await churn.RunAsync();
    }

    /// <summary>Movements are aged on the grains' clock, which recorded them; what pairs keep of ended reservations, by its keep-until.</summary>
    [Fact]
    public async Task MovementsPastTheRetentionAndEndedReservationsPastTheirKeepUntilAreDeletedOnTheGrainsClock()
    {
        var silo = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost.Services;
        var now = InventoryTestCluster.Clock.GetUtcNow();
        var key = new StockKey("WH-RETENTION", $"SKU-{Guid.NewGuid():N}");
        StockMovement Received(long sequence, DateTimeOffset at) => new()
        {
            Sequence = sequence,
            Kind = StockMovementKind.Receipt,
            Delta = new(1, 0, 0, 0),
            After = new(sequence, 0, 0, 0),
            OccurredAt = at,
            RecordedAt = at,
        };
        await fixture.StockStorage().WriteAsync(key, new StoredStockWrite(null, new StockState { Version = 2, OnHand = 2 },
            new Dictionary<string, HoldPageState>(), [], [Received(1, now.AddDays(-401)), Received(2, now.AddDays(-399))], [], [],
            new Dictionary<string, ClosedReservation>
            {
                ["r-gone"] = new(StockChangeCause.Release, now.AddHours(-2)) { KeepUntil = now.AddSeconds(-1) },
                ["r-kept"] = new(StockChangeCause.Release, now.AddHours(-2)) { KeepUntil = now.AddHours(1) },
            }));

        var cleanup = await silo.GetRequiredService<StorageJanitor>().CleanUpAsync(CancellationToken.None);

        Assert.True(cleanup is { Movements: >= 1, ClosedAtPairs: >= 1 }, $"deleted {cleanup}");
        Assert.Equal([2L], (await fixture.StockStorage().ReadMovementsAsync(key, new StockMovementQuery(null, null, 10, false))).Items.Select(m => m.Sequence));
        Assert.Equal((false, true), (await fixture.StockStorage().FindClosedAsync(key, "r-gone") is not null, await fixture.StockStorage().FindClosedAsync(key, "r-kept") is not null));
    }
}
