using Inventory.Diagnostics;
using Inventory.Stock;
using Microsoft.Extensions.Options;

namespace Inventory.Silo.Hosting;

/// <summary>
/// Keeps <see cref="ShortfallUnitsGauge"/> current: every <see cref="ShortfallPollerOptions.PollPeriod"/> it reads the
/// units in shortfall per location from storage into the values the gauge reports. Polled rather than read when
/// scraped: a scrape would run the query on every silo once per scraper and scrape interval, on the database checkout
/// depends on, and a slow database would make the scrape itself time out; polled, it is one grouped query per period
/// however often and by whom the metrics are read. No pair's grain is involved, so the gauge covers every pair stored,
/// active or not.
/// </summary>
internal sealed partial class ShortfallPoller(
    IStockStorage storage, ShortfallUnitsGauge gauge, IOptions<ShortfallPollerOptions> options, TimeProvider clock, ILogger<ShortfallPoller> logger)
    : BackgroundService
{
    /// <summary>Reads the shortfall per location now and hands it to the gauge.</summary>
    public async Task PollAsync(CancellationToken cancellationToken) => gauge.Report(await storage.ShortfallUnitsByLocationAsync(cancellationToken));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first read waits one period too: storage may still be installing its schema while the silo starts.
        using var timer = new PeriodicTimer(options.Value.PollPeriod, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly away: the gauge keeps its last values, and the next period tries again.
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the stock shortfall per location failed; inventory.shortfall.units keeps its last values")]
    private partial void LogFailed(Exception exception);
}
