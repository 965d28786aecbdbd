using Inventory.Api.Availability;
using Inventory.Availability;
using Inventory.Stock;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Inventory.IntegrationTests.Api;

public class AvailabilityCacheTests
{
    private static readonly StockKey Key = new("WH1", "SKU1");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AvailabilityCache _cache;

    public AvailabilityCacheTests() => _cache = new AvailabilityCache(_clock, Options.Create(new AvailabilityCacheOptions
    {
        Ttl = TimeSpan.FromSeconds(30),
        UnknownTtl = TimeSpan.FromSeconds(5),
        MaxUnknownPairs = 2,
    }));

    private AvailabilityUpdate Update(long version, long available) =>
        new(Key, available, AvailabilityStatus.InStock, version, _clock.GetUtcNow());

    [Fact]
    public void APushedNewerVersionReplacesTheCachedValue()
    {
        _cache.Remember(Update(1, 10));

        _cache.Push(Update(2, 7));

        Assert.Equal((2L, 7L), (_cache.Fresh(Key)!.Value.Version, _cache.Fresh(Key)!.Value.Available));
    }

    [Fact]
    public void AnOlderValueNeverOverwritesANewerOne()
    {
        _cache.Push(Update(5, 3));

        _cache.Push(Update(4, 9));
        _cache.Remember(Update(3, 10));

        Assert.Equal(5, _cache.Fresh(Key)!.Value.Version);
    }

    [Fact]
    public void AnEntryNotConfirmedWithinTheTtlIsAMiss()
    {
        _cache.Remember(Update(1, 10));

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.NotNull(_cache.Fresh(Key));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_cache.Fresh(Key));
    }

    [Fact]
    public void AnEntrysAgeCountsFromItsLastConfirmation()
    {
        _cache.Remember(Update(1, 10));
        _clock.Advance(TimeSpan.FromSeconds(10));

        _cache.Push(Update(2, 9));

        Assert.Equal(TimeSpan.Zero, _cache.Fresh(Key)!.Age(_clock.GetUtcNow()));
    }

    [Fact]
    public void AnUnknownPairIsRememberedForItsTtl()
    {
        _cache.RememberUnknown(Key);

        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.True(_cache.IsUnknown(Key));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_cache.IsUnknown(Key));
    }

    [Fact]
    public void AnyValueOfAnUnknownPairEndsItAtOnce()
    {
        var read = new StockKey("WH1", "SKU-read");
        _cache.RememberUnknown(Key);
        _cache.RememberUnknown(read);

        _cache.Push(Update(1, 3));
        _cache.Remember(new AvailabilityUpdate(read, 2, AvailabilityStatus.InStock, 1, _clock.GetUtcNow()));

        Assert.False(_cache.IsUnknown(Key));
        Assert.False(_cache.IsUnknown(read));
    }

    [Fact]
    public void AGrainsAnswerThatThePairDoesNotExistLosesToAValuePushedMeanwhile()
    {
        _cache.Push(Update(1, 3));

        _cache.RememberUnknown(Key);

        Assert.False(_cache.IsUnknown(Key));
        Assert.Equal(1, _cache.Fresh(Key)!.Value.Version);
    }

    [Fact]
    public void UnknownPairsAreBoundedInNumberAndMakeRoomAsTheyExpire()
    {
        StockKey[] keys = [new("WH1", "U1"), new("WH1", "U2"), new("WH1", "U3")];

        foreach (var key in keys)
        {
            _cache.RememberUnknown(key);
        }

        Assert.Equal([true, true, false], keys.Select(_cache.IsUnknown));
        _clock.Advance(TimeSpan.FromSeconds(5));
        _cache.RememberUnknown(keys[2]);
        Assert.Equal([false, false, true], keys.Select(_cache.IsUnknown));
    }
}
