using Inventory.Api.Hosting;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Availability;

/// <summary>What the availability handlers use, bound with <c>[AsParameters]</c>.</summary>
public sealed record AvailabilityServices(
    AvailabilityCache Cache, IGrainFactory Grains, TimeProvider Clock, IOptions<AvailabilityCacheOptions> Options, IOptions<TimeBudgetOptions> Budgets);
