using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Storage;

namespace Inventory.Stock;

/// <summary>
/// How one pair is stored: its row (the state named <see cref="StateName"/>) and the sealed pages of its holds (rows
/// of their own, named <see cref="HoldPagePrefix"/>…), laid out by <see cref="HoldPaging"/>. The stock grain sees the
/// full in-memory state only: it loads it here and hands each write here to make durable. Used from the grain's
/// activation only, one write at a time (its group commit sees to that).
/// </summary>
/// <param name="row">The pair's row, as the grain's activation read it.</param>
/// <param name="storage">The grain storage the row is kept in, for the pages.</param>
public sealed partial class StockStore(
    IPersistentState<StockState> row,
    IGrainStorage storage,
    DeepCopier<StockState> copier,
    GrainId grainId,
    int holdPageSize,
    ILogger logger)
{
    /// <summary>The state name of a pair's row.</summary>
    public const string StateName = "stock";

    /// <summary>State names of hold pages start with this; each page has a name of its own, never reused.</summary>
    public const string HoldPagePrefix = "stock-holds-";

    private readonly HoldPaging _paging = new(holdPageSize);
    private readonly Dictionary<string, string?> _pageEtags = new(StringComparer.Ordinal);

    // False from the start of a row write until it succeeded: after a failure the row in memory (and its ETag) may
    // not be what is stored.
    private bool _rowIsStored = true;

    /// <summary>
    /// The pair's full state: the stored row and the holds of the pages it lists. After a failed write the row is read
    /// again first; the first load uses the row the activation read.
    /// </summary>
    public async Task<StockState> LoadAsync()
    {
        if (!_rowIsStored)
        {
            await row.ReadStateAsync();
            _rowIsStored = true;
        }

        var stored = copier.Copy(row.State);
        _pageEtags.Clear();
        var pages = await Task.WhenAll(stored.HoldPages.Select(async name =>
        {
            var page = new GrainState<HoldPageState>();
            await storage.ReadStateAsync(name, grainId, page);
            return page.RecordExists
                ? (Name: name, Page: page)
                : throw new InconsistentStateException($"Stock {grainId.Key}: hold page '{name}' is listed but not stored.");
        }));
        foreach (var (name, page) in pages)
        {
            _pageEtags[name] = page.ETag;
        }

        return _paging.Load(stored, pages.ToDictionary(p => p.Name, p => p.Page.State!, StringComparer.Ordinal));
    }

    /// <summary>
    /// Makes <paramref name="write"/> durable: a page sealed now first, then the row; returns once the row is stored.
    /// Pages none of whose holds is live any more are deleted afterwards. If it fails, <see cref="LoadAsync"/> must
    /// come next.
    /// </summary>
    public async Task WriteAsync(StockWrite write)
    {
        var plan = _paging.Plan(write.State, write.TouchedHolds());
        // Decisions go on while this write awaits, and storage may serialize later: hand it a copy, taken now.
        row.State = copier.Copy(plan.Row);
        _rowIsStored = false;
        if (plan.SealedPage is { } page)
        {
            // The page first: the row that lists it must never be stored without it.
            var pageState = new GrainState<HoldPageState>(page.State);
            await storage.WriteStateAsync(page.Name, grainId, pageState);
            _pageEtags[page.Name] = pageState.ETag;
        }

        await row.WriteStateAsync();
        _rowIsStored = true;
        _paging.Commit(plan);
        if (plan.DroppedPages.Count > 0)
        {
            _ = DeletePagesAsync(plan.DroppedPages);
        }
    }

    /// <summary>
    /// Deletes the rows of pages none of whose holds is live any more, once the pair's row no longer lists them.
    /// Best effort: a page left behind (the delete failed, the silo stopped first) is never read again, and the
    /// storage janitor deletes it once it is older than its grace period.
    /// </summary>
    private async Task DeletePagesAsync(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            try
            {
                if (_pageEtags.Remove(name, out var etag))
                {
                    await storage.ClearStateAsync(name, grainId, new GrainState<HoldPageState>(new HoldPageState(), etag));
                }
            }
            catch (Exception ex)
            {
                LogPageDeleteFailed(logger, ex, grainId.Key.ToString()!, name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the emptied hold page {Page} of {StockKey}")]
    private static partial void LogPageDeleteFailed(ILogger logger, Exception exception, string stockKey, string page);
}
