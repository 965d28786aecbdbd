using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Inventory.Api.Availability;

public static class AvailabilityCacheExtensions
{
    /// <summary>This node's availability cache and its subscription to the cluster's pushes.</summary>
    public static IServiceCollection AddAvailabilityCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CacheSettings>().Bind(configuration.GetSection(CacheSettings.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AvailabilityCache>();
        services.AddSingleton<CacheNode>();
        services.AddHostedService<CacheNodeSubscription>();
        return services;
    }
}
