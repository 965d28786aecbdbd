namespace Inventory.Stock;

/// <summary>
/// Lets many decisions share one durable write. Callers decide in memory, then await <see cref="WhenDurableAsync"/>:
/// while a write is running, new decisions gather into the next batch, which one write covers as soon as the running
/// one ends. If a write fails, its batch and every decision made on top of it fail together and the owner recovers.
/// Must be used from one activation's scheduler (it is not thread-safe, by design).
/// </summary>
public sealed class GroupCommit(Func<Task> writeAsync, Func<Exception, Task> recoverAsync)
{
    private TaskCompletionSource? _next;
    private TaskCompletionSource? _running;

    /// <summary>Completes when every decision made so far is durable; faults if the write covering them failed.</summary>
    /// <param name="hasUnwrittenDecisions">True when the caller changed state that no write has taken yet.</param>
    public Task WhenDurableAsync(bool hasUnwrittenDecisions)
    {
        if (hasUnwrittenDecisions)
        {
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var batch = _next.Task;
            if (_running is null)
            {
                _ = WriteBatchesAsync();
            }

            return batch;
        }

        return _next?.Task ?? _running?.Task ?? Task.CompletedTask;
    }

    private async Task WriteBatchesAsync()
    {
        while (_next is { } batch)
        {
            _next = null;
            _running = batch;
            try
            {
                await writeAsync();
                batch.TrySetResult();
            }
            catch (Exception ex)
            {
                // Decisions gathered during the failed write were made on state that is now being thrown away.
                var later = _next;
                _next = null;
                var recovery = recoverAsync(ex);
                batch.TrySetException(ex);
                later?.TrySetException(ex);
                await recovery;
            }
            finally
            {
                _running = null;
            }
        }
    }
}
