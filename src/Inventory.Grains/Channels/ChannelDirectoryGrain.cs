using Orleans.Concurrency;

namespace Inventory.Channels;

/// <summary>Answers the configured channel names from the local silo's configuration.</summary>
[StatelessWorker]
public sealed class ChannelDirectoryGrain(ChannelDirectory directory) : Grain, IChannelDirectoryGrain
{
    public Task<IReadOnlyList<string>> GetNamesAsync() => Task.FromResult(directory.Names);
}
