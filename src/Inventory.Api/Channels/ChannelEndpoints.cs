using Inventory.Api.Hosting;
using Inventory.Api.Problems;
using Inventory.Channels;
using Inventory.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inventory.Api.Channels;

/// <summary>Admin view of the sales-channel sync: each channel's state and an on-demand resync.</summary>
public static class ChannelEndpoints
{
    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/v1/channels").WithTags("Channels").RequireAuthorization(ApiRoles.Admin);
        channels.MapGet("", ListAsync);
        channels.MapGet("/{name}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        channels.MapPost("/{name}/resync", ResyncAsync).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<ChannelListResponse>> ListAsync(IGrainFactory grains)
    {
        var names = await ClusterCall.RunAsync(() => grains.GetGrain<IChannelDirectoryGrain>(0).GetNamesAsync());
        var statuses = await Task.WhenAll(names.Select(name => ClusterCall.RunAsync(() => grains.GetGrain<IChannelGrain>(name).GetStatusAsync())));
        return TypedResults.Ok(new ChannelListResponse([.. statuses.OfType<ChannelStatus>().Select(ChannelStatusResponse.From)]));
    }

    private static async Task<Results<Ok<ChannelStatusResponse>, ProblemHttpResult>> GetAsync(string name, IGrainFactory grains)
    {
        if (!await IsConfiguredAsync(name, grains))
        {
            return Problem.ChannelNotFound(name);
        }

        var status = await ClusterCall.RunAsync(() => grains.GetGrain<IChannelGrain>(name).GetStatusAsync());
        return status is null ? Problem.ChannelNotFound(name) : TypedResults.Ok(ChannelStatusResponse.From(status));
    }

    private static async Task<Results<Ok<ResyncResponse>, ProblemHttpResult>> ResyncAsync(string name, IGrainFactory grains)
    {
        if (!await IsConfiguredAsync(name, grains))
        {
            return Problem.ChannelNotFound(name);
        }

        var result = await ClusterCall.RunAsync(() => grains.GetGrain<IChannelGrain>(name).ResyncAsync());
        return result is null ? Problem.ChannelNotFound(name) : TypedResults.Ok(ResyncResponse.From(result));
    }

    // Checked first so an unknown (possibly hostile) name never activates a grain.
    private static async Task<bool> IsConfiguredAsync(string name, IGrainFactory grains) =>
        (await ClusterCall.RunAsync(() => grains.GetGrain<IChannelDirectoryGrain>(0).GetNamesAsync())).Contains(name, StringComparer.Ordinal);
}
