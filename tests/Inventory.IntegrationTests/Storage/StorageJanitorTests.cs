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
}
