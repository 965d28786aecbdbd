namespace Inventory.ToolTests.Infrastructure;

/// <summary>
/// The API process the tool is run against, with one sales channel (<see cref="Channel"/>) delivering to a stub that
/// accepts everything. One per test collection: starting it takes seconds.
/// </summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    public const string Channel = "marketplace";

    private readonly ChannelStub _receiver = new();

    public ApiProcess Api { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _receiver.StartAsync();
        Api = await ApiProcess.StartAsync(new Dictionary<string, string>
        {
            [$"Inventory__Channels__{Channel}__Endpoint"] = _receiver.Endpoint.ToString(),
            [$"Inventory__Channels__{Channel}__Secret"] = "tool-tests-channel-secret",
            [$"Inventory__Channels__{Channel}__DeliveriesPerSecond"] = "100",
        });
        Admin = Api.CreateClient(DevelopmentKeys.Admin);
    }

    public async Task DisposeAsync()
    {
        Admin?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await _receiver.DisposeAsync();
    }

    /// <summary>Runs the built tool against this API, the URL and key given through the environment.</summary>
    public Task<CliResult> RunAsync(string? apiKey, params string[] args) => CliProcess.RunAsync(Api.Url, apiKey, args);
}

[CollectionDefinition(Name)]
public sealed class ServiceCollection : ICollectionFixture<ServiceFixture>
{
    public const string Name = "service";
}
