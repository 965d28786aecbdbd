using Inventory.Api.Hosting;
using Inventory.Reservations;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Reservations;

/// <summary>What the reservation handlers use, bound with <c>[AsParameters]</c>.</summary>
public sealed record ReservationServices(IGrainFactory Grains, IOptions<ReservationOptions> Limits, IOptions<TimeBudgetOptions> Budgets)
{
    public IReservationGrain Grain(string id) => Grains.GetGrain<IReservationGrain>(id);
}
