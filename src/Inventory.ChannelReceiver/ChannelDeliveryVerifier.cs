using System.Collections.Concurrent;
using System.Globalization;

namespace Inventory.Channels;

/// <summary>
/// Checks deliveries for a channel receiver: the signature must match under one of the channel's secrets (several
/// during a rotation), the timestamp must be within <see cref="Tolerance"/> of this receiver's clock, and a signed
/// delivery is accepted once only, however the case of its hex is spelled. Signatures are remembered for the
/// tolerance window (older ones fail as expired anyway), so memory stays bounded by the delivery rate. Thread-safe;
/// keep one instance per channel.
/// </summary>
public sealed class ChannelDeliveryVerifier
{
    private readonly string[] _secrets;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, long> _seen = new(StringComparer.Ordinal);
    private long _nextPrune;

    /// <param name="secrets">The channel's shared secrets; at least one.</param>
    /// <param name="tolerance">How far a delivery's timestamp may be from this clock (default 5 minutes).</param>
    /// <param name="clock">The clock (default: system).</param>
    public ChannelDeliveryVerifier(IEnumerable<string> secrets, TimeSpan? tolerance = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets.Where(s => !string.IsNullOrEmpty(s))];
        if (_secrets.Length == 0)
        {
            throw new ArgumentException("At least one non-empty secret is required.", nameof(secrets));
        }

        Tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        if (Tolerance <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), "The tolerance must be positive.");
        }

        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>How far a delivery's timestamp may be from the receiver's clock, either way.</summary>
    public TimeSpan Tolerance { get; }

    /// <summary>Checks one delivery from its two headers and its raw body (exactly the bytes received).</summary>
    public DeliveryCheck Verify(string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || string.IsNullOrEmpty(signatureHeader))
        {
            return DeliveryCheck.Malformed;
        }

        var signed = false;
        foreach (var secret in _secrets)
        {
            signed |= ChannelSignature.Matches(secret, timestamp, body, signatureHeader);
        }

        if (!signed)
        {
            return DeliveryCheck.BadSignature;
        }

        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var tolerance = (long)Tolerance.TotalSeconds;
        if (Math.Abs(now - timestamp) > tolerance)
        {
            return DeliveryCheck.Expired;
        }

        PruneOlderThan(now - tolerance);
        // Remembered by the MAC's bytes, not the header's text: hex reads either case, so one signature has many
        // spellings, and a replay must not pass by changing the case of a letter.
        var mac = Convert.ToHexStringLower(Convert.FromHexString(signatureHeader.AsSpan(ChannelSignature.Scheme.Length)));
        return _seen.TryAdd(mac, timestamp) ? DeliveryCheck.Accepted : DeliveryCheck.Replayed;
    }

    private void PruneOlderThan(long oldest)
    {
        var next = Interlocked.Read(ref _nextPrune);
        if (oldest < next || Interlocked.CompareExchange(ref _nextPrune, oldest + 10, next) != next)
        {
            return;
        }

        foreach (var (signature, timestamp) in _seen)
        {
            if (timestamp < oldest)
            {
                _seen.TryRemove(signature, out _);
            }
        }
    }
}
