using Inventory.Stock;

namespace Inventory.UnitTests.Stock;

public class HoldPagingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// What storage would hold: the pair's row and the page rows, written in the order a plan says. It names the
    /// touched holds the way the ledger does, by comparing the holds with those of the last stored write.
    /// </summary>
    private sealed class FakeStore
    {
        private Dictionary<string, HeldUnits> _stored = new(StringComparer.Ordinal);

        public StockState Row { get; private set; } = new();
        public Dictionary<string, HoldPageState> Pages { get; } = new(StringComparer.Ordinal);

        public void Write(HoldPaging paging, StockState state, bool rowWriteFails = false, IEnumerable<string>? alsoTouched = null)
        {
            var touched = Touched(_stored, state.Holds);
            touched.UnionWith(alsoTouched ?? []);
            Write(paging, state, touched, rowWriteFails);
        }

        /// <summary>Writes with the touched holds as someone else names them.</summary>
        public void Write(HoldPaging paging, StockState state, IReadOnlySet<string> touched, bool rowWriteFails = false)
        {
            var plan = paging.Plan(state, touched);
            if (plan.SealedPage is { } page)
            {
                Assert.False(Pages.ContainsKey(page.Name), "a page is never overwritten");
                Pages[page.Name] = new HoldPageState { Holds = new(page.State.Holds) };
            }

            if (rowWriteFails)
            {
                return;
            }

            Row = Clone(plan.Row);
            paging.Commit(plan);
            _stored = new(state.Holds, StringComparer.Ordinal);
            foreach (var dropped in plan.DroppedPages)
            {
                Pages.Remove(dropped);
            }
        }

        /// <summary>Loads what is stored into <paramref name="paging"/>, as the grain does after a failed write.</summary>
        public StockState Load(HoldPaging paging)
        {
            var state = paging.Load(Row, Pages);
            _stored = new(state.Holds, StringComparer.Ordinal);
            return state;
        }

        // Holds are immutable records, replaced on every change.
        private static HashSet<string> Touched(Dictionary<string, HeldUnits> before, Dictionary<string, HeldUnits> now)
        {
            var touched = new HashSet<string>(StringComparer.Ordinal);
            touched.UnionWith(before.Keys.Where(id => !(now.TryGetValue(id, out var units) && ReferenceEquals(units, before[id]))));
            touched.UnionWith(now.Keys.Where(id => !before.ContainsKey(id)));
            return touched;
        }

        private static StockState Clone(StockState s) => new()
        {
            Version = s.Version,
            Reserved = s.Reserved,
            Holds = new(s.Holds),
            HoldPages = [.. s.HoldPages],
            PagedHoldsGone = new(s.PagedHoldsGone),
        };
    }

    private static StockState Reload(FakeStore store) => new HoldPaging(4).Load(store.Row, store.Pages);

    [Fact]
    public void FewHoldsStayInTheRowAndNoPageIsWritten()
    {
        var paging = new HoldPaging(4);
        var store = new FakeStore();
        var state = new StockState();
        state.Holds["r1"] = new HeldUnits(1, Now);
        state.Holds["r2"] = new HeldUnits(2, Now);

        store.Write(paging, state);

        Assert.Empty(store.Pages);
        Assert.Equal(["r1", "r2"], store.Row.Holds.Keys.Order());
    }

    [Fact]
    public void ManyHoldsAreSealedIntoPagesAndTheRowStaysSmall()
    {
        var paging = new HoldPaging(4);
        var store = new FakeStore();
        var state = new StockState();
        for (var i = 0; i < 100; i++)
        {
            state.Holds[$"r{i}"] = new HeldUnits(1, Now.AddMinutes(i));
            store.Write(paging, state);
            Assert.True(store.Row.Holds.Count < 4, $"the row carries {store.Row.Holds.Count} holds");
        }

        Assert.Equal(25, store.Pages.Count);
        Assert.Equal(state.Holds, Reload(store).Holds);
    }

    [Fact]
    public void EndedAndChangedSealedHoldsAreTombstonedAndAnEmptiedPageIsDropped()
    {
        var paging = new HoldPaging(4);
        var store = new FakeStore();
        var state = new StockState();
        for (var i = 0; i < 8; i++)
        {
            state.Holds[$"r{i}"] = new HeldUnits(1, Now);
        }

        store.Write(paging, state);
        Assert.Single(store.Pages);
        var first = store.Row.HoldPages.Single();

        state.Holds.Remove("r0");
        state.Holds["r1"] = state.Holds["r1"] with { ExpiresAt = Now.AddHours(1) };
        store.Write(paging, state);
        Assert.Equal(state.Holds, Reload(store).Holds);
        Assert.Equal(2, store.Row.PagedHoldsGone.Count);
        Assert.Equal(Now.AddHours(1), store.Row.Holds["r1"].ExpiresAt);

        for (var i = 0; i < 8; i++)
        {
            state.Holds.Remove($"r{i}");
        }

        store.Write(paging, state);
        Assert.DoesNotContain(first, store.Pages.Keys);
        Assert.Empty(store.Row.HoldPages);
        Assert.Empty(store.Row.PagedHoldsGone);
        Assert.Empty(Reload(store).Holds);
    }

    [Fact]
    public void AHoldChangedAfterBeingSealedCanBeSealedAgainInALaterPage()
    {
        var paging = new HoldPaging(2);
        var store = new FakeStore();
        var state = new StockState();
        state.Holds["a"] = new HeldUnits(1, Now);
        state.Holds["b"] = new HeldUnits(1, Now);
        store.Write(paging, state);

        state.Holds["a"] = state.Holds["a"] with { ExpiresAt = Now.AddMinutes(5) };
        state.Holds["c"] = new HeldUnits(1, Now);
        store.Write(paging, state);

        Assert.Equal(2, store.Row.HoldPages.Count);
        Assert.Equal(state.Holds, new HoldPaging(2).Load(store.Row, store.Pages).Holds);
    }

    [Fact]
    public void AFailedRowWriteLeavesTheStoredLayoutAsItWas()
    {
        var paging = new HoldPaging(4);
        var store = new FakeStore();
        var state = new StockState();
        for (var i = 0; i < 3; i++)
        {
            state.Holds[$"r{i}"] = new HeldUnits(1, Now);
        }

        store.Write(paging, state);
        var storedBefore = Reload(store).Holds;

        state.Holds["r3"] = new HeldUnits(1, Now);
        store.Write(paging, state, rowWriteFails: true);

        // The sealed page was written but is not listed: what is stored is still the state before.
        Assert.Single(store.Pages);
        Assert.Empty(store.Row.HoldPages);
        Assert.Equal(storedBefore, Reload(store).Holds);

        // The owner reloads and carries on; the orphaned page is simply never read.
        var reloaded = new HoldPaging(4);
        var again = store.Load(reloaded);
        again.Holds["r3"] = new HeldUnits(1, Now);
        again.Holds["r4"] = new HeldUnits(1, Now);
        store.Write(reloaded, again);
        Assert.Equal(again.Holds, Reload(store).Holds);
    }

    [Fact]
    public void ARandomMixOfChangesAlwaysReloadsToTheSameHolds()
    {
        var random = new Random(20261125);
        var paging = new HoldPaging(4);
        var store = new FakeStore();
        var state = new StockState();
        var next = 0;
        for (var write = 0; write < 2_000; write++)
        {
            for (var change = random.Next(1, 6); change > 0; change--)
            {
                var ids = state.Holds.Keys.ToList();
                switch (random.Next(4))
                {
                    case 0 or 1:
                        state.Holds[$"r{next++}"] = new HeldUnits(random.Next(1, 5), Now.AddSeconds(random.Next(600)));
                        break;
                    case 2 when ids.Count > 0:
                        state.Holds.Remove(ids[random.Next(ids.Count)]);
                        break;
                    case 3 when ids.Count > 0:
                        var id = ids[random.Next(ids.Count)];
                        state.Holds[id] = state.Holds[id] with { ExpiresAt = state.Holds[id].ExpiresAt.AddMinutes(1) };
                        break;
                }
            }

            var fails = random.Next(20) == 0;
            // Naming more holds than were touched is harmless: some live and some long gone ones on top.
            var extra = state.Holds.Keys.Where(_ => random.Next(10) == 0).Append($"r{random.Next(next + 1)}");
            store.Write(paging, state, rowWriteFails: fails, alsoTouched: extra);
            if (fails)
            {
                // As the grain does: reload from what is stored, then go on from there.
                paging = new HoldPaging(4);
                state = store.Load(paging);
                continue;
            }

            Assert.Equal(state.Holds, Reload(store).Holds);
            Assert.True(store.Row.Holds.Count < 4);
        }

        Assert.True(store.Pages.Count < 4 + state.Holds.Count, $"{store.Pages.Count} pages stored for {state.Holds.Count} holds");
    }

    [Fact]
    public void TheHoldsTheLedgerNamesAsTouchedAreAllAWriteNeeds()
    {
        // The stock store's loop: a few decisions, then one write planned from the holds its changes say it touched.
        var random = new Random(20261126);
        var ledger = new StockLedger(new StockKey("WH1", "SKU1"), new StockState(), new StockOptions());
        ledger.SetCount(new StockCount(1_000_000, null, Now.AddDays(-1)), Now);
        var paging = new HoldPaging(4);
        var store = new FakeStore();
        var now = Now;
        var next = 0;
        var mostPages = 0;
        for (var write = 0; write < 1_000; write++)
        {
            for (var decision = random.Next(1, 8); decision > 0; decision--)
            {
                var ids = ledger.State.Holds.Keys.ToList();
                var some = ids.Count > 0 ? ids[random.Next(ids.Count)] : "none";
                _ = random.Next(8) switch
                {
                    0 or 1 or 2 or 3 => ledger.Hold(new HoldRequest($"r{next++}", random.Next(1, 4), now.AddSeconds(random.Next(1, 120))), now).Outcome.ToString(),
                    4 => ledger.Hold(new HoldRequest(some, 1, now.AddSeconds(random.Next(60, 240))), now).Outcome.ToString(),
                    5 => ledger.Extend(some, now.AddSeconds(random.Next(1, 240)), now).Outcome.ToString(),
                    6 => ledger.Release(some, now).Outcome.ToString(),
                    _ => ledger.Commit(some, now).Outcome.ToString(),
                };
            }

            now = now.AddSeconds(random.Next(3));
            ledger.ExpireDue(now);
            store.Write(paging, ledger.State, ledger.TakePendingWrite().TouchedHolds());

            Assert.Equal(ledger.State.Holds, Reload(store).Holds);
            mostPages = Math.Max(mostPages, store.Pages.Count);
        }

        Assert.True(mostPages >= 10, $"at most {mostPages} pages were stored at once");
    }
}
