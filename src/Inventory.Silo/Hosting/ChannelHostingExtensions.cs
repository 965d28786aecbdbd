using Inventory.Channels;
using Inventory.ServiceDefaults.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Inventory.Silo.Hosting;

/// <summary>Sales-channel sync: the configured channels and their HTTP delivery pipelines (reconciliation reads the stock storage).</summary>
public static class ChannelHostingExtensions
{
    /// <summary>
    /// Registers every channel under <c>Inventory:Channels</c> (validated now, so a bad channel stops start-up with one
    /// line) with a named HTTP client per channel: retries with exponential backoff and jitter, a circuit breaker and a
    /// per-attempt timeout from Microsoft.Extensions.Http.Resilience, and inside them the signing handler.
    /// </summary>
    public static ISiloBuilder AddInventoryChannels(this ISiloBuilder silo, IConfiguration configuration)
    {
        var section = configuration.GetSection(ChannelOptions.Section);
        ChannelDirectory directory;
        try
        {
            directory = new ChannelDirectory(section.GetChildren().Select(c => c.Key));
        }
        catch (ArgumentException ex)
        {
            throw new InventoryConfigurationException($"{ChannelOptions.Section}: {ex.Message.Split(" (Parameter", 2)[0]}");
        }

        silo.Services.AddSingleton(directory);
        // ChannelSender needs the factory even with no channel configured (the per-channel clients below add it too).
        silo.Services.AddHttpClient();
        silo.Services.AddSingleton<ChannelSender>();
        foreach (var name in directory.Names)
        {
            var options = silo.Services.LoadValidatedOptions<ChannelOptions>(configuration, $"{ChannelOptions.Section}:{name}", name);
            var client = silo.Services.AddHttpClient(ChannelSender.ClientName(name));
            client.AddResilienceHandler("delivery", pipeline => AddDeliveryStrategies(pipeline, options));
            // Added after the resilience handler, so it runs inside it: once per attempt.
            client.AddHttpMessageHandler(services => new ChannelSigningHandler(options.Secret!, services.GetRequiredService<TimeProvider>()));
        }

        if (directory.Names.Count > 0)
        {
            // Start every channel with the cluster, so reconciliation runs even while no stock changes.
            silo.AddStartupTask(async (services, _) =>
            {
                var grains = services.GetRequiredService<IGrainFactory>();
                await Task.WhenAll(directory.Names.Select(name => grains.GetGrain<IChannelGrain>(name).StartAsync()));
            });
        }

        return silo;
    }

    private static void AddDeliveryStrategies(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ChannelOptions options)
    {
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 4,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = options.BreakDuration,
        });
        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
