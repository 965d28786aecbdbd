using Inventory.Availability;
using Inventory.Channels;
using Inventory.IntegrationTests.Infrastructure;
using Inventory.Stock;

namespace Inventory.IntegrationTests.Grains;

[Collection(RealClockCollection.Name)]
public class StockStreamTests(RealClockClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task BothConsumerGrainTypesReceiveTheChangesInVersionOrderWithoutLosingAny()
    {
        var key = await _grains.SeedAsync(1_000, DateTimeOffset.UtcNow);
        var stock = _grains.Stock(key);
        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);

        // Concurrent holds (batched by group commit) mixed with sequential changes of every kind.
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => stock.HoldAsync(new HoldRequest($"r-{i}", 1, expiresAt))));
        for (var i = 0; i < 20; i++)
        {
            await stock.ReleaseAsync($"r-{i}");
            await stock.CommitAsync($"r-{i + 20}");
            await stock.ReceiveAsync(new StockReceipt(1, $"op-{i}"));
        }

        var final = (await stock.GetSnapshotAsync()).Version;
        Assert.Equal(1 + 60 + 60, final);
        foreach (var consumer in new IStockChangeConsumer[]
                 {
                     _grains.GetGrain<ICacheInvalidationGrain>(key.ToString()),
                     _grains.GetGrain<IChannelSyncGrain>(key.ToString()),
                 })
        {
            var observed = await Eventually.MatchesAsync(
                () => consumer.GetObservedAsync(), o => o.LastVersion == final, $"{consumer.GetType().Name} to see version {final}");
            // Changes made while an event was in flight are coalesced into the next one: versions only ever rise, and
            // every jump starts where the previous event ended (no gap), so nothing was lost.
            Assert.Equal(observed.RecentVersions.Order(), observed.RecentVersions);
            Assert.Equal(observed.RecentVersions.Distinct().Count(), observed.RecentVersions.Count);
            Assert.Equal((0L, 0L), (observed.Gaps, observed.OutOfOrderDropped));
        }
    }
}
