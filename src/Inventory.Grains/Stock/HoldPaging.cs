namespace Inventory.Stock;

/// <summary>
/// Keeps a pair's stored state small however many holds it carries, so a hot pair's group-commit write costs the
/// same with ten live holds as with a hundred thousand. Holds are stored in two places:
/// <list type="bullet">
/// <item>the pair's own row (<see cref="StockState"/>) keeps the counters, the other maps and the <em>open</em>
/// holds: those placed (or changed) since the last page was sealed;</item>
/// <item>once <see cref="PageSize"/> holds are open they are sealed into a page: a row of its own, written once
/// and never rewritten. A sealed hold that ends or changes is listed in <see cref="StockState.PagedHoldsGone"/>
/// as "page/id" (its new version, if any, is open again); a page none of whose holds is live leaves the list and its row is
/// deleted.</item>
/// </list>
/// A page is never overwritten (each has a fresh name); a write stores the row, the page it seals and the deletion of
/// the pages it drops together, or nothing of them (see <see cref="StockStore"/>). Planning a write looks only at the
/// holds touched since the last one and the open ones, never at every live hold: its CPU cost grows with the pages
/// and tombstones (a 256th of the holds and fewer), not with the holds.
/// Pure code: <see cref="StockStore"/> does the reads and writes this plans.
/// </summary>
public sealed class HoldPaging(int pageSize)
{
    // Live, unchanged sealed holds with their page; the open holds' ids; ended or changed sealed ones with their
    // page; live holds per page.
    private readonly Dictionary<string, (string Page, HeldUnits Units)> _sealed = new(StringComparer.Ordinal);
    private HashSet<string> _open = new(StringComparer.Ordinal);
    private HashSet<(string Page, string Id)> _gone = [];
    private Dictionary<string, int> _liveInPage = new(StringComparer.Ordinal);
    private readonly List<string> _pages = [];

    public int PageSize { get; } = pageSize > 0 ? pageSize : throw new ArgumentOutOfRangeException(nameof(pageSize));

    /// <summary>
    /// Rebuilds the full in-memory state from the pair's stored row and the pages it lists (every listed page must
    /// be given). The stored row is not modified.
    /// </summary>
    public StockState Load(StockState stored, IReadOnlyDictionary<string, HoldPageState> pages)
    {
        _sealed.Clear();
        _gone = [];
        _liveInPage = new(StringComparer.Ordinal);
        _pages.Clear();

        var holds = new Dictionary<string, HeldUnits>(StringComparer.Ordinal);
        foreach (var name in stored.HoldPages)
        {
            if (!pages.TryGetValue(name, out var page))
            {
                throw new InvalidOperationException($"Hold page '{name}' is listed but was not loaded.");
            }

            _pages.Add(name);
            var live = 0;
            foreach (var (id, units) in page.Holds)
            {
                if (stored.PagedHoldsGone.Contains(GoneEntry(name, id)))
                {
                    _gone.Add((name, id));
                    continue;
                }

                _sealed[id] = (name, units);
                holds[id] = units;
                live++;
            }

            _liveInPage[name] = live;
        }

        foreach (var (id, units) in stored.Holds)
        {
            holds[id] = units;
        }

        _open = new(stored.Holds.Keys, StringComparer.Ordinal);
        return stored.WithHoldLayout(holds, [], new(StringComparer.Ordinal));
    }

    /// <summary>
    /// Plans the write of <paramref name="state"/> (the full in-memory state): the row to store, the page sealed now
    /// (if any), and the pages the row no longer lists. <paramref name="touched"/> must name every hold placed, changed
    /// or ended since the last <see cref="Load"/> or <see cref="Commit"/> (more is harmless). Nothing changes here until
    /// <see cref="Commit"/> is called after the row was written.
    /// </summary>
    public HoldWritePlan Plan(StockState state, IReadOnlySet<string> touched)
    {
        var ended = new List<string>();
        var gone = new HashSet<(string Page, string Id)>(_gone);
        var liveInPage = new Dictionary<string, int>(_liveInPage, StringComparer.Ordinal);
        var open = new Dictionary<string, HeldUnits>(StringComparer.Ordinal);
        foreach (var id in touched)
        {
            var now = state.Holds.GetValueOrDefault(id);
            if (_sealed.TryGetValue(id, out var sealedHold))
            {
                // Holds are immutable records, replaced on every change: the same instance means unchanged.
                if (ReferenceEquals(now, sealedHold.Units))
                {
                    continue;
                }

                ended.Add(id);
                gone.Add((sealedHold.Page, id));
                liveInPage[sealedHold.Page]--;
            }

            if (now is not null)
            {
                open[id] = now;
            }
        }

        foreach (var id in _open)
        {
            if (!open.ContainsKey(id) && state.Holds.TryGetValue(id, out var units))
            {
                open[id] = units;
            }
        }

        var dropped = _pages.Where(p => liveInPage[p] == 0).ToList();
        var pages = _pages.Where(p => liveInPage[p] > 0).ToList();
        foreach (var page in dropped)
        {
            liveInPage.Remove(page);
        }

        // A dropped page's holds need no tombstone any more.
        gone.RemoveWhere(g => !liveInPage.ContainsKey(g.Page));

        HoldPage? sealedNow = null;
        if (open.Count >= PageSize)
        {
            sealedNow = new HoldPage(StockStore.HoldPagePrefix + Guid.NewGuid().ToString("N"), new HoldPageState { Holds = open });
            pages.Add(sealedNow.Name);
            liveInPage[sealedNow.Name] = open.Count;
            open = new Dictionary<string, HeldUnits>(StringComparer.Ordinal);
        }

        var storedGone = gone.Select(g => GoneEntry(g.Page, g.Id)).ToHashSet(StringComparer.Ordinal);
        return new HoldWritePlan(state.WithHoldLayout(open, pages, storedGone), sealedNow, dropped)
        {
            Ended = ended,
            Gone = gone,
            LiveInPage = liveInPage,
        };
    }

    /// <summary>Takes a plan's layout as the stored one, after its row was written.</summary>
    public void Commit(HoldWritePlan plan)
    {
        foreach (var id in plan.Ended)
        {
            _sealed.Remove(id);
        }

        if (plan.SealedPage is { } sealedPage)
        {
            foreach (var (id, units) in sealedPage.State.Holds)
            {
                _sealed[id] = (sealedPage.Name, units);
            }
        }

        _open = new(plan.Row.Holds.Keys, StringComparer.Ordinal);
        _gone = plan.Gone;
        _liveInPage = plan.LiveInPage;
        _pages.Clear();
        _pages.AddRange(plan.Row.HoldPages);
    }

    // Page names have no '/', so the first one separates the page from the reservation id.
    private static string GoneEntry(string page, string id) => page + "/" + id;
}

/// <summary>One write of a pair: its <see cref="Row"/>, the page sealed by it (if any), the pages it no longer lists.</summary>
public sealed record HoldWritePlan(StockState Row, HoldPage? SealedPage, IReadOnlyList<string> DroppedPages)
{
    // The layout the paging takes on once the row is stored (see HoldPaging.Commit).
    internal IReadOnlyList<string> Ended { get; init; } = [];
    internal HashSet<(string Page, string Id)> Gone { get; init; } = [];
    internal Dictionary<string, int> LiveInPage { get; init; } = [];
}

/// <summary>A page of holds and its name.</summary>
public sealed record HoldPage(string Name, HoldPageState State);
