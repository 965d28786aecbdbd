using Npgsql;

namespace Inventory.Silo.Storage;

/// <summary>
/// The connections and batches of a storage on PostgreSQL (<see cref="BatchingPostgresGrainStorage"/>,
/// <see cref="PostgresStockStorage"/>): a queue of writes that a few flushers send as one statement per batch (one write
/// per row in a statement; a row the database refuses is split off until it fails alone), and a queue of reads sent the
/// same way. Its owner starts and stops it with the silo.
/// </summary>
internal sealed class PostgresBatches<TWrite, TRead> : IAsyncDisposable
    where TWrite : IBatchItem
    where TRead : IBatchItem
{
    private readonly StorageBatches<TWrite> _writes;
    private readonly StorageBatches<TRead> _reads;

    /// <param name="stored">What it stores, as the batches' spans name it (<c>write {stored} batch</c>, <c>read {stored} batch</c>).</param>
    /// <param name="writeAsync">Writes a batch in one statement and answers each writer (a refusal it throws is split off).</param>
    /// <param name="readAsync">Reads a batch in one statement and answers each reader.</param>
    public PostgresBatches(
        string owner, string stored, NpgsqlConnectionStringBuilder connection, int flushers, int readers, int maxBatch, Func<TWrite, object> rowOf,
        Func<IReadOnlyList<TWrite>, CancellationToken, Task> writeAsync, Func<IReadOnlyList<TRead>, CancellationToken, Task> readAsync)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The storages keep no session state on their connections, so returning one to the pool needs no DISCARD ALL
        // round trip (measured: it doubled the transactions per reservation).
        connection.NoResetOnClose = true;
        Database = NpgsqlDataSource.Create(connection);
        _writes = new(owner, $"write {stored} batch", flushers, maxBatch, rowOf,
            (batch, cancellationToken) => RefusedRows.WriteSplittingAsync(batch, rows => writeAsync(rows, cancellationToken)));
        _reads = new(owner, $"read {stored} batch", readers, maxBatch, null, readAsync);
    }

    public NpgsqlDataSource Database { get; }

    public void Write(TWrite write) => _writes.Enqueue(write);

    public void Read(TRead read) => _reads.Enqueue(read);

    /// <summary>Starts the loops that write and read in batches; work queued before waits for this.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _writes.Start();
        _reads.Start();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes no more reads or writes, and returns once everything accepted is written (or read) or has failed: what is
    /// still under way when <paramref name="cancellationToken"/> fires is cancelled and fails its callers.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_writes.StopAsync(cancellationToken), _reads.StopAsync(cancellationToken));

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await Database.DisposeAsync();
        _writes.Dispose();
        _reads.Dispose();
    }
}
