using System.Collections.Concurrent;
using System.Data.Common;
using Inventory.Stock;

namespace Inventory.IntegrationTests.Infrastructure;

/// <summary>
/// The stock storage of fake-clock clusters, with a fault to inject: writes of chosen pairs fail as a database that
/// cannot be reached fails them, after the grain decided and before anything is stored. Everything else passes
/// through to the real storage.
/// </summary>
public sealed class StockStorageFaults : IStockStorage
{
    private readonly ConcurrentDictionary<StockKey, bool> _failing = new();
    private IStockStorage _storage = null!;

    /// <summary>Wraps the silo's storage (one silo per fake-clock cluster).</summary>
    public IStockStorage Around(IStockStorage storage)
    {
        _storage = storage;
        return this;
    }

    /// <summary>Every write of <paramref name="key"/> fails until <see cref="Clear"/>.</summary>
    public void FailWrites(StockKey key) => _failing[key] = true;

    public void Clear(StockKey key) => _failing.TryRemove(key, out _);

    public Task<long> WriteAsync(StockKey key, StoredStockWrite write, CancellationToken cancellationToken = default) =>
        _failing.ContainsKey(key) ? Task.FromException<long>(new UnreachableDatabaseException()) : _storage.WriteAsync(key, write, cancellationToken);

    public Task<StoredStock?> ReadAsync(StockKey key, CancellationToken cancellationToken = default) => _storage.ReadAsync(key, cancellationToken);

    public Task<long> SumOnHandDeltasAsync(StockKey key, DateTimeOffset occurredAfter, long throughSequence, CancellationToken cancellationToken = default) =>
        _storage.SumOnHandDeltasAsync(key, occurredAfter, throughSequence, cancellationToken);

    public Task<StockMovementPage> ReadMovementsAsync(StockKey key, StockMovementQuery query, CancellationToken cancellationToken = default) =>
        _storage.ReadMovementsAsync(key, query, cancellationToken);

    public Task<bool> HasMovementAsync(StockKey key, string reference, CancellationToken cancellationToken = default) =>
        _storage.HasMovementAsync(key, reference, cancellationToken);

    public Task<StockOrder?> FindOrderAsync(StockKey key, string reservationId, CancellationToken cancellationToken = default) =>
        _storage.FindOrderAsync(key, reservationId, cancellationToken);

    public Task<ClosedReservation?> FindClosedAsync(StockKey key, string reservationId, CancellationToken cancellationToken = default) =>
        _storage.FindClosedAsync(key, reservationId, cancellationToken);

    public Task<IReadOnlyList<StockSnapshot>> ListShortfallsAsync(string? location, StockKey? after, int limit, CancellationToken cancellationToken = default) =>
        _storage.ListShortfallsAsync(location, after, limit, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> ShortfallUnitsByLocationAsync(CancellationToken cancellationToken = default) =>
        _storage.ShortfallUnitsByLocationAsync(cancellationToken);

    private sealed class UnreachableDatabaseException() : DbException("Test fault: the database cannot be reached.");
}
