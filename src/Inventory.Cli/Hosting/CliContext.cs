using System.CommandLine;
using Inventory.Cli.Http;
using Inventory.Cli.Output;

namespace Inventory.Cli.Hosting;

/// <summary>What a command works with: where it writes and the API client built from the common options.</summary>
public sealed class CliContext(CliOutput output, InventoryClient client, Uri baseUrl)
{
    public CliOutput Output { get; } = output;

    public InventoryClient Client { get; } = client;

    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>
    /// Runs a command's body with its context, and ends it with an exit code: the body's, or the one of the
    /// <see cref="CliException"/> it threw (its line printed), or <see cref="ExitCodes.Interrupted"/>.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<CliContext, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(body);
        var output = CliOutput.ForProcess(parse.GetValue(CommonOptions.Json));
        try
        {
            var (baseUrl, apiKey, retries) = Settings(parse);
            using var http = InventoryClient.CreateHttpClient(baseUrl, apiKey);
            var context = new CliContext(output, new InventoryClient(http, new RetryPolicy(retries), TimeProvider.System), baseUrl);
            return await body(context, cancellationToken);
        }
        catch (CliException e)
        {
            output.Fail(e);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.Fail(new CliException(ExitCodes.Interrupted, "Interrupted."));
            return ExitCodes.Interrupted;
        }
    }

    private static (Uri BaseUrl, string ApiKey, int Retries) Settings(ParseResult parse)
    {
        var url = parse.GetValue(CommonOptions.Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"--url must be an absolute http(s) URL such as {CommonOptions.DefaultUrl}, not '{url}'.");
        }

        var apiKey = parse.GetValue(CommonOptions.ApiKey) ?? Environment.GetEnvironmentVariable(CommonOptions.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw new CliException(ExitCodes.Usage, $"No API key: set {CommonOptions.ApiKeyVariable} or pass --api-key.");
        }

        var retries = parse.GetValue(CommonOptions.Retries);
        if (retries is < 0 or > 100)
        {
            throw new CliException(ExitCodes.Usage, $"--retries must be between 0 and 100, not {retries}.");
        }

        return (baseUrl, apiKey.Trim(), retries);
    }
}
