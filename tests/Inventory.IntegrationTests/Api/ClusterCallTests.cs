using Inventory.Api.Hosting;
using Orleans.Runtime;

namespace Inventory.IntegrationTests.Api;

/// <summary>The API's grain calls repeat a handover briefly, within their budget, and nothing else.</summary>
public class ClusterCallTests
{
    [Fact]
    public async Task AHandoverIsRepeatedUntilTheCallIsAnswered()
    {
        var attempts = 0;

        var answer = await ClusterCall.RunAsync(
            () => ++attempts < 3 ? throw new SiloUnavailableException() : Task.FromResult("answered"), TimeSpan.FromSeconds(30));

        Assert.Equal(("answered", 3), (answer, attempts));
    }

    [Fact]
    public async Task AnyOtherFailureSurfacesAtOnce()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InventoryUnavailableException>(() => ClusterCall.RunAsync<int>(() =>
        {
            attempts++;
            throw new InventoryUnavailableException("storage is away");
        }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task AHandoverWhosePauseDoesNotFitTheBudgetIsReportedAsItIs()
    {
        // The pauses are 50, 200 and 500 ms: a 100 ms budget leaves room for one repeat at most.
        var attempts = 0;

        await Assert.ThrowsAsync<SiloUnavailableException>(() => ClusterCall.RunAsync<int>(() =>
        {
            attempts++;
            throw new SiloUnavailableException();
        }, TimeSpan.FromMilliseconds(100)));

        Assert.InRange(attempts, 1, 2);
    }

    [Fact]
    public async Task ACallThatOutlivesItsBudgetIsAClusterTimeout()
    {
        var never = new TaskCompletionSource<int>();

        var timeout = await Assert.ThrowsAsync<ClusterTimeoutException>(() => ClusterCall.RunAsync(() => never.Task, TimeSpan.FromMilliseconds(100)));

        Assert.Equal(TimeSpan.FromMilliseconds(100), timeout.Budget);
    }
}
