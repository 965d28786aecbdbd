namespace Inventory.Channels;

/// <summary>The configured channels, answered by any silo (all silos share the configuration).</summary>
[Alias("inventory.IChannelDirectoryGrain")]
public interface IChannelDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Names of the configured channels, sorted.</summary>
    [Alias("names")] Task<IReadOnlyList<string>> GetNamesAsync();
}
