using Inventory.Channels;

namespace Inventory.UnitTests.Channels;

public class ChannelQueueTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly StockKey A = new("WH1", "A");
    private static readonly StockKey B = new("WH1", "B");

    private static ChannelUpdate Update(StockKey key, long version, long quantity = 1) => new(key, quantity, version, Now.AddSeconds(version));

    [Fact]
    public void OnlyTheLatestVersionOfAPairWaits()
    {
        var queue = new ChannelQueue(parkAfterFailures: 3);

        Assert.True(queue.Offer(Update(A, 1)));
        Assert.True(queue.Offer(Update(B, 1)));
        Assert.True(queue.Offer(Update(A, 3, quantity: 9)));
        Assert.False(queue.Offer(Update(A, 2)));

        Assert.Equal(2, queue.Depth);
        Assert.Equal([Update(A, 3, quantity: 9), Update(B, 1)], queue.Take(10));
    }

    [Fact]
    public void BatchesAreCappedAndLeaveInQueueOrder()
    {
        var queue = new ChannelQueue(3);
        for (var i = 0; i < 5; i++)
        {
            queue.Offer(Update(new StockKey("WH1", $"S{i}"), 1));
        }

        Assert.Equal(["S0", "S1"], queue.Take(2).Select(u => u.Key.Sku));
        Assert.Equal(["S2", "S3", "S4"], queue.Take(10).Select(u => u.Key.Sku));
        Assert.Empty(queue.Take(10));
    }

    [Fact]
    public void AnAcknowledgedVersionIsNotQueuedAgain()
    {
        var queue = new ChannelQueue(3);
        queue.Offer(Update(A, 5));
        queue.Delivered(queue.Take(10));

        Assert.False(queue.Offer(Update(A, 5)));
        Assert.False(queue.Offer(Update(A, 4)));
        Assert.True(queue.Offer(Update(A, 6)));
    }

    [Fact]
    public void AVersionBeingDeliveredIsNotQueuedTwice()
    {
        var queue = new ChannelQueue(3);
        queue.Offer(Update(A, 5));
        var batch = queue.Take(10);

        Assert.False(queue.Offer(Update(A, 5)));
        Assert.Equal(1, queue.InFlight);
        queue.Delivered(batch);
        Assert.Equal(0, queue.InFlight);
    }

    [Fact]
    public void AFailedUpdateWaitsAgainUntilItIsParked()
    {
        var queue = new ChannelQueue(parkAfterFailures: 2);
        queue.Offer(Update(A, 1));

        Assert.Empty(queue.Failed(queue.Take(10), "HTTP 503", Now));
        Assert.Equal(1, queue.Depth);

        var parked = Assert.Single(queue.Failed(queue.Take(10), "HTTP 503", Now));
        Assert.Equal((Update(A, 1), 2, "HTTP 503"), (parked.Update, parked.FailedDeliveries, parked.LastError));
        Assert.Equal(0, queue.Depth);
        Assert.Single(queue.Parked);
    }

    [Fact]
    public void AFailedUpdateIsDroppedWhenANewerVersionArrivedMeanwhile()
    {
        var queue = new ChannelQueue(parkAfterFailures: 1);
        queue.Offer(Update(A, 1));
        var batch = queue.Take(10);
        queue.Offer(Update(A, 2));

        Assert.Empty(queue.Failed(batch, "timeout", Now));
        Assert.Equal([Update(A, 2)], queue.Take(10));
    }

    [Fact]
    public void AParkedUpdateLeavesOnceThatVersionOrANewerOneIsDelivered()
    {
        var queue = new ChannelQueue(parkAfterFailures: 1, [new ParkedUpdate(Update(A, 3), 1, "HTTP 500", Now)]);

        Assert.True(queue.Offer(Update(A, 3)));
        Assert.Equal(1, queue.Delivered(queue.Take(10)));
        Assert.Empty(queue.Parked);
    }

    [Fact]
    public void TheOldestUnacknowledgedChangeCountsWaitingAndInFlightUpdates()
    {
        var queue = new ChannelQueue(3);
        Assert.Null(queue.OldestUnacknowledged());

        queue.Offer(Update(A, 2));
        queue.Take(1);
        queue.Offer(Update(B, 7));

        Assert.Equal(Now.AddSeconds(2), queue.OldestUnacknowledged());
    }
}
