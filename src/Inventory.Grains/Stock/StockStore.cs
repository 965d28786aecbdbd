using Orleans.Storage;

namespace Inventory.Stock;

/// <summary>
/// How one pair is stored: in the stock tables of <see cref="IStockStorage"/>, its row and the sealed pages of its holds
/// (laid out by <see cref="HoldPaging"/>), its movements and index rows, each write atomic. A pair stored before those
/// tables existed is still in grain storage (the state named <see cref="StateName"/> and its pages named
/// <see cref="HoldPagePrefix"/>…): it is read from there, and its first write moves its row and the pages it still
/// lists into the tables (and deletes that row). The stock grain sees the full in-memory state only: it loads it here
/// and hands each write here to make durable. Used from the grain's activation only, one write at a time (its group
/// commit sees to that).
/// </summary>
/// <param name="storage">The stock tables.</param>
/// <param name="legacy">The grain storage pairs were kept in before the stock tables.</param>
public sealed class StockStore(IStockStorage storage, IGrainStorage legacy, StockKey key, GrainId grainId, int holdPageSize)
{
    /// <summary>The state name of a pair's row in grain storage, from before the stock tables.</summary>
    public const string StateName = "stock";

    /// <summary>Names of hold pages start with this; each page has a name of its own, never reused.</summary>
    public const string HoldPagePrefix = "stock-holds-";

    private static readonly Dictionary<string, HoldPageState> NoPages = new(StringComparer.Ordinal);

    private readonly HoldPaging _paging = new(holdPageSize);

    // The stored row's version in the stock tables; null while the pair has no row there.
    private long? _version;

    // The pages of a pair read from grain storage, which its first write moves into the stock tables.
    private IReadOnlyDictionary<string, HoldPageState>? _pagesToMove;

    // Set once the pair is known to be in the stock tables, or known not to be in grain storage: from then on a load
    // never looks there again. Until the first write of a pair read from there succeeds, it is still where it was.
    private bool _movedOrNeverLegacy;

    /// <summary>
    /// The pair's full state: the stored row and the holds of the pages it lists (a pair that was never written is
    /// empty). After a failed write, what is stored now.
    /// </summary>
    public async Task<StockState> LoadAsync()
    {
        _pagesToMove = null;
        if (await storage.ReadAsync(key) is { } stored)
        {
            _version = stored.Version;
            _movedOrNeverLegacy = true;
            return Load(stored.Row, stored.Pages);
        }

        _version = null;
        if (!_movedOrNeverLegacy && await ReadLegacyAsync() is { } old)
        {
            _pagesToMove = old.Pages;
            return Load(old.Row, old.Pages);
        }

        _movedOrNeverLegacy = true;
        return _paging.Load(new StockState(), NoPages);
    }

    /// <summary>
    /// Makes <paramref name="write"/> durable in one atomic write: the row, the page sealed now, the deletion of the
    /// pages no longer listed, the movements, the orders opened and ended and the reservations that ended. Returns once it is stored. If it fails, nothing of it is, and <see cref="LoadAsync"/> must
    /// come next.
    /// </summary>
    /// <param name="nextExpiry">The earliest expiry among the pair's live holds after <paramref name="write"/>.</param>
    public async Task WriteAsync(StockWrite write, DateTimeOffset? nextExpiry)
    {
        ArgumentNullException.ThrowIfNull(write);
        var plan = _paging.Plan(write.State, write.TouchedHolds());
        var pages = new Dictionary<string, HoldPageState>(StringComparer.Ordinal);
        if (_pagesToMove is { } moving)
        {
            foreach (var name in plan.Row.HoldPages.Where(moving.ContainsKey))
            {
                pages[name] = moving[name];
            }
        }

        if (plan.SealedPage is { } sealedNow)
        {
            pages[sealedNow.Name] = sealedNow.State;
        }

        // The storage reads everything of the write before this first await: decisions may go on changing the state.
        _version = await storage.WriteAsync(key, new StoredStockWrite(
            _version, plan.Row, pages, plan.DroppedPages, write.Movements, write.OpenedOrders, write.EndedOrders, write.Closed)
        {
            ActiveHolds = write.State.Holds.Count,
            NextExpiry = nextExpiry,
        });
        _pagesToMove = null;
        _movedOrNeverLegacy = true;
        _paging.Commit(plan);
    }

    /// <summary>Reads what <paramref name="lookup"/> asks for: only what it names.</summary>
    public async Task<StockFacts> LookupAsync(StockLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var facts = new StockFacts(lookup);
        if (lookup.ReservationId is { } id)
        {
            var order = await storage.FindOrderAsync(key, id);
            facts = facts with { Order = order, Closed = order is null ? await storage.FindClosedAsync(key, id) : null };
        }

        if (lookup.OperationId is { } operation)
        {
            facts = facts with { OperationApplied = await storage.HasMovementAsync(key, operation) };
        }

        if (lookup.OnHandChangedAfter is { } asOf)
        {
            facts = facts with { OnHandDeltaSum = await storage.SumOnHandDeltasAsync(key, asOf, lookup.ThroughSequence) };
        }

        return facts;
    }

    private StockState Load(StockState row, IReadOnlyDictionary<string, HoldPageState> pages)
    {
        if (row.HoldPages.FirstOrDefault(name => !pages.ContainsKey(name)) is { } missing)
        {
            throw new InconsistentStateException($"Stock {key}: hold page '{missing}' is listed but not stored.");
        }

        return _paging.Load(row, pages);
    }

    /// <summary>The pair's row and pages in grain storage, from before the stock tables, or null.</summary>
    private async Task<(StockState Row, Dictionary<string, HoldPageState> Pages)?> ReadLegacyAsync()
    {
        var row = new GrainState<StockState>();
        await legacy.ReadStateAsync(StateName, grainId, row);
        if (!row.RecordExists || row.State is null)
        {
            return null;
        }

        var pages = await Task.WhenAll(row.State.HoldPages.Select(async name =>
        {
            var page = new GrainState<HoldPageState>();
            await legacy.ReadStateAsync(name, grainId, page);
            return (Name: name, Page: page);
        }));
        return (row.State, pages.Where(p => p.Page.RecordExists).ToDictionary(p => p.Name, p => p.Page.State!, StringComparer.Ordinal));
    }
}
