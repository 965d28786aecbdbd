using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Inventory.Api.Hosting;
using Inventory.Api.Problems;
using Inventory.Idempotency;
using Inventory.ServiceDefaults.Problems;
using Microsoft.Extensions.Options;

namespace Inventory.Api.Idempotency;

/// <summary>
/// Makes every mutating <c>/v1</c> call safe to retry with an <c>Idempotency-Key</c>: the first answer (any status
/// below 500) is stored with a fingerprint of method, path and body; a retry with the same key and request gets that
/// answer again (marked <c>Idempotent-Replayed: true</c>), the same key with a different request gets 422, and a
/// retry while the first is still running gets 409 with Retry-After. Answers of 5xx are not kept: the key stays free.
/// A key whose request never answered (its node died) is held for the lease only; then a retry runs the request.
/// A POST marked <see cref="ReadOnlyEndpoint"/> is a read and passes through untouched.
/// </summary>
public sealed partial class IdempotencyMiddleware(
    RequestDelegate next, IGrainFactory grains, IOptions<IdempotencyOptions> settings, ILogger<IdempotencyMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Headers.TryGetValue(IdempotencyOptions.Header, out var header) || !IsMutating(context)
            || context.User.Identity is not { IsAuthenticated: true, Name: { } caller })
        {
            await next(context);
            return;
        }

        var key = header.Count == 1 ? header[0] : null;
        if (!IdempotencyKeys.IsValid(key))
        {
            await WriteProblemAsync(context, new RequestValidation()
                .Error(IdempotencyOptions.Header, "must be one value of 1–128 printable ASCII characters").ToProblem());
            return;
        }

        var fingerprint = await FingerprintAsync(context.Request);
        var grain = grains.GetGrain<IIdempotencyGrain>(IdempotencyKeys.GrainKey(caller, key!));
        // The request's own token: a claim repeated after its answer was lost is recognised as this request's.
        var token = Guid.NewGuid();
        IdempotencyClaim claim;
        try
        {
            claim = await ClusterCall.RunAsync(() => grain.BeginAsync(fingerprint, settings.Value.Window, settings.Value.Lease, token));
        }
        catch
        {
            // The claim may have been placed before the call failed: free the key for the caller's retry.
            await AbandonAsync(grain, token);
            throw;
        }

        switch (claim.Outcome)
        {
            case IdempotencyOutcome.Replay:
                await ReplayAsync(context, claim.Response!);
                return;
            case IdempotencyOutcome.Mismatch:
                await WriteProblemAsync(context, Problem.Of(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
                    "Idempotency-Key already used", "This key was used for a different request; use a new key for a new request."));
                return;
            case IdempotencyOutcome.InProgress:
                context.Response.Headers.RetryAfter = "1";
                await WriteProblemAsync(context, Problem.Of(StatusCodes.Status409Conflict, ProblemTypes.IdempotencyKeyInUse,
                    "Request still in progress", "The first request with this key has not finished; retry shortly."));
                return;
        }

        await RunAndStoreAsync(context, grain, claim.Token);
    }

    private async Task RunAndStoreAsync(HttpContext context, IIdempotencyGrain grain, Guid claim)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await AbandonAsync(grain, claim);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = context.Response;
        if (response.StatusCode < 500)
        {
            var stored = new StoredResponse(response.StatusCode, response.ContentType, response.Headers.Location, response.Headers.ETag, buffer.ToArray());
            await ClusterCall.RunAsync(() => grain.CompleteAsync(claim, stored));
        }
        else
        {
            await AbandonAsync(grain, claim);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// Frees the key for a retry. Best effort: if the cluster cannot be told, the claim's lease frees it, and the
    /// request's own failure is what the caller must see.
    /// </summary>
    private async Task AbandonAsync(IIdempotencyGrain grain, Guid claim)
    {
        try
        {
            await grain.AbandonAsync(claim);
        }
        catch (Exception ex)
        {
            LogAbandonFailed(ex, settings.Value.Lease);
        }
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored)
    {
        var response = context.Response;
        response.StatusCode = stored.Status;
        response.ContentType = stored.ContentType;
        if (stored.Location is not null)
        {
            response.Headers.Location = stored.Location;
        }

        if (stored.ETag is not null)
        {
            response.Headers.ETag = stored.ETag;
        }

        response.Headers[IdempotencyOptions.ReplayedHeader] = "true";
        await response.Body.WriteAsync(stored.Body, context.RequestAborted);
    }

    private static bool IsMutating(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal)
        && (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)
            || HttpMethods.IsDelete(context.Request.Method) || HttpMethods.IsPatch(context.Request.Method))
        && context.GetEndpoint()?.Metadata.GetMetadata<ReadOnlyEndpoint>() is null;

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task WriteProblemAsync(HttpContext context, IResult result) => await result.ExecuteAsync(context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not free an Idempotency-Key after its request failed; a retry gets it after the lease ({Lease})")]
    private partial void LogAbandonFailed(Exception exception, TimeSpan lease);
}
