using Inventory.Stock;

namespace Inventory.UnitTests.Stock;

public class GroupCommitTests
{
    private sealed class FakeStore
    {
        public List<TaskCompletionSource> Writes { get; } = [];
        public int Recoveries { get; private set; }

        public Task WriteAsync()
        {
            var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Writes.Add(write);
            return write.Task;
        }

        public Task RecoverAsync(Exception _)
        {
            Recoveries++;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task DecisionsMadeDuringAWriteShareTheNextWrite()
    {
        var store = new FakeStore();
        var commit = new GroupCommit(store.WriteAsync, store.RecoverAsync);

        var first = commit.WhenDurableAsync(hasUnwrittenDecisions: true);
        var second = commit.WhenDurableAsync(hasUnwrittenDecisions: true);
        var third = commit.WhenDurableAsync(hasUnwrittenDecisions: true);

        Assert.Single(store.Writes);
        store.Writes[0].SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntil(() => store.Writes.Count == 2, "the second write to start");
        Assert.False(second.IsCompleted);
        store.Writes[1].SetResult();
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, store.Writes.Count);
    }

    [Fact]
    public async Task AReadWaitsForTheWriteItsAnswerRestsOn()
    {
        var store = new FakeStore();
        var commit = new GroupCommit(store.WriteAsync, store.RecoverAsync);

        var write = commit.WhenDurableAsync(hasUnwrittenDecisions: true);
        var read = commit.WhenDurableAsync(hasUnwrittenDecisions: false);

        Assert.False(read.IsCompleted);
        store.Writes[0].SetResult();
        await Task.WhenAll(write, read).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(commit.WhenDurableAsync(hasUnwrittenDecisions: false).IsCompleted);
    }

    [Fact]
    public async Task AFailedWriteFailsItsBatchAndEverythingDecidedOnTopOfIt()
    {
        var store = new FakeStore();
        var commit = new GroupCommit(store.WriteAsync, store.RecoverAsync);

        var inFailedWrite = commit.WhenDurableAsync(hasUnwrittenDecisions: true);
        var onTopOfIt = commit.WhenDurableAsync(hasUnwrittenDecisions: true);
        store.Writes[0].SetException(new InvalidOperationException("disk gone"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => inFailedWrite.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => onTopOfIt.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, store.Recoveries);
        Assert.Single(store.Writes);

        var afterRecovery = commit.WhenDurableAsync(hasUnwrittenDecisions: true);
        await WaitUntil(() => store.Writes.Count == 2, "a fresh write after recovery");
        store.Writes[1].SetResult();
        await afterRecovery.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task WaitUntil(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"Timed out waiting for {what}.");
            await Task.Yield();
        }
    }
}
