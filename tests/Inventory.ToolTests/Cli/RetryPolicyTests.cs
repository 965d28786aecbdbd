using Inventory.Cli.Http;

namespace Inventory.ToolTests.Cli;

public sealed class RetryPolicyTests
{
    private readonly RetryPolicy _policy = new(MaxRetries: 4);

    [Fact]
    public void WithoutRetryAfterEachWaitIsTwiceTheLast()
    {
        Assert.Equal(
            [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)],
            Enumerable.Range(1, 4).Select(retry => _policy.DelayBefore(retry, null)!.Value));
    }

    [Fact]
    public void RetryAfterIsHonouredUpToThirtySeconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), _policy.DelayBefore(1, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(30), _policy.DelayBefore(1, TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.Zero, _policy.DelayBefore(1, TimeSpan.FromSeconds(-3)));
    }

    [Fact]
    public void ThereIsNoRetryBeyondTheLimit()
    {
        Assert.Null(_policy.DelayBefore(5, TimeSpan.FromSeconds(1)));
        Assert.Null(new RetryPolicy(0).DelayBefore(1, null));
    }
}
