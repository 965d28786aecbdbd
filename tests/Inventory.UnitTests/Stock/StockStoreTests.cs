using Inventory.Stock;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace Inventory.UnitTests.Stock;

public class StockStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly StockKey Key = new("WH1", "SKU1");
    private static readonly GrainId Pair = GrainId.Create("stock", Key.ToString());
    private static readonly DeepCopier Copier = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<DeepCopier>();

    /// <summary>The stock tables in memory: keeps what each write stored, logs reads, and refuses writes if asked.</summary>
    private sealed class FakeStockStorage : IStockStorage
    {
        public StoredStock? Stored { get; set; }
        public List<StoredStockWrite> Writes { get; } = [];
        public List<string> Log { get; } = [];
        public bool RefuseWrites { get; set; }

        public Task<StoredStock?> ReadAsync(StockKey key, CancellationToken cancellationToken = default)
        {
            Log.Add("read table");
            return Task.FromResult(Stored is null ? null : Stored with { Row = Copier.Copy(Stored.Row), Pages = Copy(Stored.Pages) });
        }

        public Task<long> WriteAsync(StockKey key, StoredStockWrite write, CancellationToken cancellationToken = default)
        {
            if (RefuseWrites)
            {
                return Task.FromException<long>(new InconsistentStateException("refused"));
            }

            if (write.ExpectedVersion != Stored?.Version)
            {
                return Task.FromException<long>(new InconsistentStateException($"expected {write.ExpectedVersion}, stored {Stored?.Version}"));
            }

            // What a real storage does before it returns: read everything of the write.
            Writes.Add(write with { Row = Copier.Copy(write.Row), SealedPages = Copy(write.SealedPages), DroppedPages = [.. write.DroppedPages] });
            var pages = Copy(Stored?.Pages ?? new Dictionary<string, HoldPageState>());
            foreach (var (name, page) in Copy(write.SealedPages))
            {
                pages[name] = page;
            }

            foreach (var name in write.DroppedPages)
            {
                pages.Remove(name);
            }

            Stored = new StoredStock((Stored?.Version ?? 0) + 1, Copier.Copy(write.Row), pages);
            return Task.FromResult(Stored.Version);
        }

        private static Dictionary<string, HoldPageState> Copy(IReadOnlyDictionary<string, HoldPageState> pages) =>
            pages.ToDictionary(p => p.Key, p => Copier.Copy(p.Value), StringComparer.Ordinal);

        public Task<long> SumOnHandDeltasAsync(StockKey key, DateTimeOffset occurredAfter, long throughSequence, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<StockMovementPage> ReadMovementsAsync(StockKey key, StockMovementQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<bool> HasMovementAsync(StockKey key, string reference, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<StockOrder?> FindOrderAsync(StockKey key, string reservationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ClosedReservation?> FindClosedAsync(StockKey key, string reservationId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<StockSnapshot>> ListShortfallsAsync(string? location, StockKey? after, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<IReadOnlyDictionary<string, long>> ShortfallUnitsByLocationAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>Grain storage in memory, as pairs were kept before the stock tables; logs what is read.</summary>
    private sealed class FakeGrainStorage : IGrainStorage
    {
        public Dictionary<string, object> Rows { get; } = new(StringComparer.Ordinal);
        public List<string> Log { get; } = [];

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Log.Add($"read {(stateName.StartsWith(StockStore.HoldPagePrefix, StringComparison.Ordinal) ? "page" : stateName)}");
            var found = Rows.TryGetValue(stateName, out var row);
            grainState.State = found ? Copier.Copy((T)row!) : Activator.CreateInstance<T>();
            grainState.ETag = found ? "1" : null;
            grainState.RecordExists = found;
            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
    }

    private static StockStore NewStore(FakeStockStorage tables, FakeGrainStorage? legacy = null) =>
        new(tables, legacy ?? new FakeGrainStorage(), Key, Pair, 2);

    /// <summary>What a new activation of the pair loads.</summary>
    private static Task<StockState> LoadedAgainAsync(FakeStockStorage tables, FakeGrainStorage? legacy = null) => NewStore(tables, legacy).LoadAsync();

    /// <summary>Places a hold of one unit for each of <paramref name="ids"/> and writes them, as the grain does.</summary>
    private static Task HoldAndWriteAsync(StockStore store, StockState state, params string[] ids)
    {
        foreach (var id in ids)
        {
            state.Holds[id] = new HeldUnits(1, Now);
            state.Reserved++;
        }

        return store.WriteAsync(new StockWrite(state, [.. ids.Select(id => Change(StockChangeCause.Hold, id))]), Now);
    }

    private static StockChanged Change(StockChangeCause cause, string id) => new()
    {
        Snapshot = new StockSnapshot { Key = Key },
        Cause = cause,
        Reference = id,
    };

    [Fact]
    public async Task ASealedPageIsStoredWithTheRowThatListsItAndDroppedByTheWriteOfTheRowThatNoLongerDoes()
    {
        var tables = new FakeStockStorage();
        var store = NewStore(tables);
        var state = await store.LoadAsync();
        await HoldAndWriteAsync(store, state, "a", "b");

        state.Holds.Clear();
        state.Reserved = 0;
        await store.WriteAsync(new StockWrite(state, [Change(StockChangeCause.Release, "a"), Change(StockChangeCause.Expire, "b")]), null);

        var (sealing, dropping) = (tables.Writes[0], tables.Writes[1]);
        var page = Assert.Single(sealing.SealedPages).Key;
        Assert.Equal(((long?)null, page, 0, 2), (sealing.ExpectedVersion, Assert.Single(sealing.Row.HoldPages), sealing.Row.Holds.Count, sealing.ActiveHolds));
        Assert.Equal(((long?)1, page, 0, 0), (dropping.ExpectedVersion, Assert.Single(dropping.DroppedPages), dropping.Row.HoldPages.Count, dropping.ActiveHolds));
        Assert.Empty(dropping.SealedPages);
        Assert.Empty((await LoadedAgainAsync(tables)).Holds);
    }

    [Fact]
    public async Task AfterAFailedWriteTheNextLoadGetsWhatIsStored()
    {
        var tables = new FakeStockStorage();
        var store = NewStore(tables);
        var state = await store.LoadAsync();
        await HoldAndWriteAsync(store, state, "a");

        tables.RefuseWrites = true;
        await Assert.ThrowsAsync<InconsistentStateException>(() => HoldAndWriteAsync(store, state, "b", "c"));
        var reloaded = await store.LoadAsync();

        Assert.Equal(["a"], reloaded.Holds.Keys);
        Assert.Empty(tables.Stored!.Pages);
        tables.RefuseWrites = false;
        await HoldAndWriteAsync(store, reloaded, "d");
        Assert.Equal(["a", "d"], (await LoadedAgainAsync(tables)).Holds.Keys.Order());
    }

    [Fact]
    public async Task ARowThatListsAPageNotStoredDoesNotLoad()
    {
        var tables = new FakeStockStorage();
        var store = NewStore(tables);
        await HoldAndWriteAsync(store, await store.LoadAsync(), "a", "b");
        var page = tables.Stored!.Row.HoldPages.Single();
        tables.Stored = tables.Stored with { Pages = new Dictionary<string, HoldPageState>() };

        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => LoadedAgainAsync(tables));

        Assert.Contains($"hold page '{page}' is listed but not stored", refused.Message);
    }

    [Fact]
    public async Task APairStoredTheOldWayLoadsFromGrainStorageAndItsFirstWriteMovesItsRowAndListedPages()
    {
        var legacy = new FakeGrainStorage();
        legacy.Rows[StockStore.StateName] = new StockState
        {
            Version = 7,
            OnHand = 10,
            Reserved = 3,
            Holds = { ["c"] = new HeldUnits(1, Now) },
            HoldPages = ["stock-holds-old"],
        };
        legacy.Rows["stock-holds-old"] = new HoldPageState { Holds = { ["a"] = new HeldUnits(1, Now), ["b"] = new HeldUnits(1, Now) } };
        var tables = new FakeStockStorage();
        var store = NewStore(tables, legacy);

        var state = await store.LoadAsync();
        Assert.Equal((7L, 10L), (state.Version, state.OnHand));
        Assert.Equal(["a", "b", "c"], state.Holds.Keys.Order());
        state.Holds.Remove("c");
        state.Reserved--;
        await store.WriteAsync(new StockWrite(state, [Change(StockChangeCause.Release, "c")]), Now);

        var moved = Assert.Single(tables.Writes);
        Assert.Null(moved.ExpectedVersion);
        Assert.Equal(["stock-holds-old"], moved.SealedPages.Keys);
        Assert.Equal(["a", "b"], moved.SealedPages["stock-holds-old"].Holds.Keys.Order());
        Assert.Equal(["read table", "read stock", "read page"], [.. tables.Log, .. legacy.Log]);
        legacy.Log.Clear();
        Assert.Equal(["a", "b"], (await store.LoadAsync()).Holds.Keys.Order());
        Assert.Equal(["a", "b"], (await LoadedAgainAsync(tables, legacy)).Holds.Keys.Order());
        Assert.Empty(legacy.Log);
    }

    [Fact]
    public async Task GrainStorageIsReadOncePerActivationForAPairNeverStoredAndAgainAfterAMoveThatFailed()
    {
        var legacy = new FakeGrainStorage();
        var tables = new FakeStockStorage();
        var store = NewStore(tables, legacy);

        await store.LoadAsync();
        await store.LoadAsync();
        Assert.Equal(["read stock"], legacy.Log);

        legacy.Rows[StockStore.StateName] = new StockState { Version = 2, OnHand = 5 };
        var moving = NewStore(tables, legacy);
        var state = await moving.LoadAsync();
        tables.RefuseWrites = true;
        state.OnHand = 6;
        await Assert.ThrowsAsync<InconsistentStateException>(() => moving.WriteAsync(new StockWrite(state, [Change(StockChangeCause.Count, "c")]), null));

        // The move did not happen: the pair is still only where it was.
        Assert.Equal(5L, (await moving.LoadAsync()).OnHand);
        Assert.Equal(["read stock", "read stock", "read stock"], legacy.Log);
    }
}
