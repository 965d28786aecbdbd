using System.Text.RegularExpressions;

namespace Inventory.Channels;

/// <summary>The names of the configured channels (the keys of <c>Inventory:Channels</c>), fixed at start-up.</summary>
public sealed partial class ChannelDirectory
{
    public ChannelDirectory(IEnumerable<string> names)
    {
        Names = [.. names.Order(StringComparer.Ordinal)];
        foreach (var name in Names)
        {
            if (!ValidName().IsMatch(name))
            {
                throw new ArgumentException($"Channel name '{name}' must be 1–64 characters of a-z, 0-9, '-' or '_'.", nameof(names));
            }
        }
    }

    public IReadOnlyList<string> Names { get; }

    public bool Contains(string name) => Names.Contains(name, StringComparer.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex ValidName();
}
