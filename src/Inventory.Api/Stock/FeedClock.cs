using Inventory.Stock;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Stock;

/// <summary>
/// The latest warehouse time a feed may give (a count's asOf, an occurredAt): the API's clock plus
/// <see cref="StockOptions.MaxClockSkew"/>. The pair checks the same on its own clock, so a request refused here would be
/// refused there; checking here first names the field before any grain is called.
/// </summary>
internal static class FeedClock
{
    public static DateTimeOffset Latest(IServiceProvider services) =>
        services.GetRequiredService<TimeProvider>().GetUtcNow() + services.GetRequiredService<IOptions<StockOptions>>().Value.MaxClockSkew;
}
