using Inventory.ServiceDefaults.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inventory.Api.Availability;

public static class AvailabilityCacheExtensions
{
    /// <summary>This node's availability cache and its subscription to the cluster's pushes.</summary>
    public static IServiceCollection AddAvailabilityCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<AvailabilityCacheOptions>(configuration, AvailabilityCacheOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AvailabilityCache>();
        services.AddSingleton<CacheNode>();
        services.AddHostedService<CacheNodeSubscription>();
        return services;
    }
}
