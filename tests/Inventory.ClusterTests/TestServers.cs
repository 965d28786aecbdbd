namespace Inventory.ClusterTests;

/// <summary>
/// The PostgreSQL and Redis that tests/run.sh started on loopback (tests/servers.sh), and how to stop and start them.
/// </summary>
public static class TestServers
{
    /// <summary>The connection string the services under test use.</summary>
    public static string Postgres => Required("INVENTORY_TEST_POSTGRES");

    /// <summary>
    /// For the test process itself: unpooled, because the outage tests restart PostgreSQL and a pooled connection
    /// from before the restart would fail the next test that reads the database.
    /// </summary>
    public static string PostgresForTests => new Npgsql.NpgsqlConnectionStringBuilder(Postgres) { Pooling = false }.ConnectionString;

    public static string Redis => Required("INVENTORY_TEST_REDIS");

    public static Task StopPostgresAsync() => ControlAsync("INVENTORY_TEST_PG_CTL", "stop");

    public static Task StartPostgresAsync() => ControlAsync("INVENTORY_TEST_PG_CTL", "start");

    public static Task StopRedisAsync() => ControlAsync("INVENTORY_TEST_REDIS_CTL", "stop");

    public static Task StartRedisAsync() => ControlAsync("INVENTORY_TEST_REDIS_CTL", "start");

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the suite with ./tests/run.sh, which starts PostgreSQL and Redis.");

    private static async Task ControlAsync(string variable, string verb)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", [Required(variable), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{variable} {verb} failed ({process.ExitCode}): {await output} {await errors}");
        }
    }
}
