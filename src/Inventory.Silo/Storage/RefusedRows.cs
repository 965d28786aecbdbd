using Npgsql;

namespace Inventory.Silo.Storage;

/// <summary>
/// Keeps a row that PostgreSQL refuses (a constraint, a value over a limit) from failing the other rows written in
/// the same statement: a statement is one transaction, so when it fails on the data of some row nothing of it was
/// written, and each half is written on its own until the refused rows are alone in their statements. Only their
/// callers fail; every other row is still written exactly once.
/// </summary>
internal static class RefusedRows
{
    /// <summary>Runs <paramref name="writeAsync"/> over <paramref name="batch"/>, splitting it while a row of it is refused.</summary>
    public static async Task WriteSplittingAsync<T>(IReadOnlyList<T> batch, Func<IReadOnlyList<T>, Task> writeAsync)
        where T : IBatchItem
    {
        try
        {
            await writeAsync(batch);
        }
        catch (PostgresException e) when (batch.Count > 1 && IsAboutTheRows(e))
        {
            var half = batch.Count / 2;
            await WriteSplittingAsync([.. batch.Take(half)], writeAsync);
            await WriteSplittingAsync([.. batch.Skip(half)], writeAsync);
        }
        catch (Exception e)
        {
            foreach (var item in batch)
            {
                item.Fail(e);
            }
        }
    }

    /// <summary>
    /// Errors raised by the data of some row (a value out of range, a constraint or a trigger refusing it, a value
    /// over a size limit), as opposed to the database or the connection failing, which fails any statement alike.
    /// </summary>
    private static bool IsAboutTheRows(PostgresException e) => e.SqlState.Length == 5 && e.SqlState[..2] is "22" or "23" or "54" or "P0";
}
