using System.ComponentModel.DataAnnotations;

namespace Inventory.Channels;

/// <summary>
/// One sales channel (section <c>Inventory:Channels:{name}</c>, bound as named options). The secret comes from the
/// environment or a secret store, never from a committed file.
/// </summary>
public sealed class ChannelOptions : IValidatableObject
{
    public const string Section = "Inventory:Channels";

    /// <summary>Absolute http(s) URL the signed deliveries are POSTed to.</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Shared secret for the HMAC-SHA256 signature; at least 16 characters.</summary>
    [Required, MinLength(16)]
    public string? Secret { get; set; }

    /// <summary>What the channel shows of the available stock.</summary>
    public ChannelRules Rules { get; set; } = new();

    /// <summary>Most pairs in one delivery.</summary>
    [Range(1, 5_000)]
    public int MaxBatchSize { get; set; } = 200;

    /// <summary>The channel's rate limit: deliveries started per second at most.</summary>
    [Range(0.1, 1_000)]
    public double DeliveriesPerSecond { get; set; } = 10;

    /// <summary>HTTP retries of one delivery (transient failures: connection errors, 408, 429, 5xx, timeouts).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones back off exponentially with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the circuit stays open (deliveries fail fast) once the channel keeps failing.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Failed deliveries of the same update (each after its retries) before it is parked.</summary>
    [Range(1, 1_000)]
    public int ParkAfterFailures { get; set; } = 5;

    /// <summary>How often every stored pair is compared with what the channel acknowledged.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Time between deliveries that keeps to <see cref="DeliveriesPerSecond"/>.</summary>
    public TimeSpan DeliveryInterval => TimeSpan.FromSeconds(1 / DeliveriesPerSecond);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult("Endpoint must be an absolute http or https URL.", [nameof(Endpoint)]);
        }

        foreach (var (name, value, min) in new[]
                 {
                     (nameof(RetryDelay), RetryDelay, TimeSpan.FromMilliseconds(1)),
                     (nameof(AttemptTimeout), AttemptTimeout, TimeSpan.FromMilliseconds(10)),
                     (nameof(BreakDuration), BreakDuration, TimeSpan.FromMilliseconds(500)),
                     (nameof(ReconcileInterval), ReconcileInterval, TimeSpan.FromSeconds(1)),
                 })
        {
            if (value < min)
            {
                yield return new ValidationResult($"{name} must be at least {min}.", [name]);
            }
        }

        foreach (var problem in Rules.Problems())
        {
            yield return new ValidationResult($"Rules: {problem}", [nameof(Rules)]);
        }
    }
}
