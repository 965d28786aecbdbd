using Orleans.Runtime;
using Orleans.Storage;

namespace Inventory.UnitTests;

public class TransientFailuresTests
{
    private static (bool Handover, bool Repeatable, bool Transient) Degrees(Exception exception) =>
        (TransientFailures.IsHandover(exception), TransientFailures.IsRepeatable(exception), TransientFailures.IsTransient(exception));

    [Fact]
    public void ASiloThatLeftIsAHandoverThatAnyoneMayRepeat() =>
        Assert.Equal((true, true, true), Degrees(new SiloUnavailableException()));

    [Theory]
    [InlineData(typeof(InconsistentStateException))]
    [InlineData(typeof(InventoryUnavailableException))]
    public void StorageThatRefusedOrWasAwayIsRepeatedByGrainsButIsNoHandover(Type type) =>
        Assert.Equal((false, true, true), Degrees((Exception)Activator.CreateInstance(type, "not now")!));

    [Theory]
    [InlineData(typeof(TimeoutException))]
    [InlineData(typeof(OperationCanceledException))]
    [InlineData(typeof(OrleansException))]
    public void ATimeoutOrAnotherRuntimeFailureIsOnlyAnsweredAsNotNow(Type type) =>
        Assert.Equal((false, false, true), Degrees((Exception)Activator.CreateInstance(type, "not now")!));

    [Fact]
    public void ABugIsNeitherRepeatedNorAnsweredAsNotNow() =>
        Assert.Equal((false, false, false), Degrees(new InvalidOperationException("a bug")));

    [Fact]
    public void SeveralFailuresAreTransientOnlyWhenEachOfThemIs()
    {
        Assert.True(TransientFailures.IsTransient(new AggregateException(new TimeoutException(), new SiloUnavailableException())));
        Assert.False(TransientFailures.IsTransient(new AggregateException(new TimeoutException(), new InvalidOperationException())));
    }
}
