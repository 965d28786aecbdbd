using Inventory.Silo.Storage;
using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Inventory.ClusterTests;

/// <summary>Rows nothing needs any more are deleted on PostgreSQL, through either write path; what is live stays.</summary>
[Collection(FailureTests.Name)]
public class StorageJanitorTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AfterAChurnOnlyWhatIsLiveIsLeftAndLoadsAsBefore(bool batchWrites)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var database = await TestDatabase.CreateAsync("janitor");
        await using var silo = await InProcessSilo.StartAsync(database.ConnectionString, batchWrites,
            services => services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, clock));
        var churn = new StorageChurn(
            silo.Grains,
            silo.GrainStorage,
            silo.Services.GetRequiredService<IStockStorage>(),
            silo.Services.GetRequiredService<StorageJanitor>(),
            clock,
            () => new NpgsqlConnection(database.ConnectionString),
            silo.ServiceId);

        await churn.RunAsync();
    }
}
