namespace Inventory.Channels;

/// <summary>
/// How much of a pair's available stock a channel may show: keep <see cref="KeepBack"/> units back, publish
/// <see cref="Percent"/> of the rest (rounded down), show 0 when that is below <see cref="MinimumShown"/>, and never more
/// than <see cref="MaxShown"/>. The defaults pass availability through unchanged.
/// </summary>
public sealed class ChannelRules
{
    /// <summary>Units never offered on this channel (e.g. kept for the own store).</summary>
    public long KeepBack { get; set; }

    /// <summary>Share of the remaining units offered, 0–100.</summary>
    public int Percent { get; set; } = 100;

    /// <summary>Below this the channel shows 0, so the last few units are not oversold on a slow marketplace.</summary>
    public long MinimumShown { get; set; }

    /// <summary>Upper bound of what the channel shows; none when null.</summary>
    public long? MaxShown { get; set; }

    /// <summary>The quantity the channel shows for <paramref name="available"/> units.</summary>
    public long Apply(long available)
    {
        var quantity = Math.Max(0, available - KeepBack);
        quantity = (long)(quantity * (decimal)Percent / 100m);
        if (quantity < MinimumShown)
        {
            return 0;
        }

        return MaxShown is { } max ? Math.Min(quantity, max) : quantity;
    }

    /// <summary>What is wrong with these rules; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (KeepBack < 0 || MinimumShown < 0 || MaxShown < 0)
        {
            yield return "KeepBack, MinimumShown and MaxShown must not be negative.";
        }

        if (Percent is < 0 or > 100)
        {
            yield return "Percent must be between 0 and 100.";
        }

        if (MaxShown is { } max && MinimumShown > max)
        {
            yield return "MinimumShown must not exceed MaxShown, or the channel always shows 0.";
        }
    }
}
