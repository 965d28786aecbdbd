using Orleans.TestingHost;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>One cluster shared by a collection of tests; each test uses its own pairs and reservation ids.</summary>
public abstract class ClusterFixture(bool fakeClock) : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string DataDirectory => _data.Path;

    public async Task InitializeAsync() => Cluster = await InventoryTestCluster.StartAsync(_data.Path, fakeClock);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _data.Dispose();
    }
}

/// <summary>A cluster whose grains run on <see cref="InventoryTestCluster.Clock"/>: tests move time themselves.</summary>
public sealed class FakeClockClusterFixture() : ClusterFixture(fakeClock: true);

/// <summary>A cluster on real time, for what needs Orleans' own timers running (stream delivery).</summary>
public sealed class RealClockClusterFixture() : ClusterFixture(fakeClock: false);

[CollectionDefinition(Name)]
public sealed class FakeClockCollection : ICollectionFixture<FakeClockClusterFixture>
{
    public const string Name = "fake-clock cluster";
}

[CollectionDefinition(Name)]
public sealed class RealClockCollection : ICollectionFixture<RealClockClusterFixture>
{
    public const string Name = "real-clock cluster";
}
