using Inventory.Stock;

namespace Inventory.UnitTests.Stock;

public class HoldPagingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>What storage would hold: the pair's row and the page rows, written in the order a plan says.</summary>
    private sealed class FakeStore
    {
        public StockState Row { get; private set; } = new();
        public Dictionary<string, HoldPageState> Pages { get; } = new(StringComparer.Ordinal);

        public void Write(HoldPaging paging, StockState state, bool rowWriteFails = false)
        {
            var plan = paging.Plan(state);
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
            foreach (var dropped in plan.DroppedPages)
            {
                Pages.Remove(dropped);
            }
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
        var again = reloaded.Load(store.Row, store.Pages);
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
            store.Write(paging, state, rowWriteFails: fails);
            if (fails)
            {
                // As the grain does: reload from what is stored, then go on from there.
                paging = new HoldPaging(4);
                state = paging.Load(store.Row, store.Pages);
                continue;
            }

            Assert.Equal(state.Holds, Reload(store).Holds);
            Assert.True(store.Row.Holds.Count < 4);
        }

        Assert.True(store.Pages.Count < 4 + state.Holds.Count, $"{store.Pages.Count} pages stored for {state.Holds.Count} holds");
    }
}
