using System.Collections.Frozen;
using Microsoft.Extensions.Options;

namespace Inventory.ServiceDefaults.Security;

/// <summary>The configured keys by hash, for one lookup per request.</summary>
public sealed class ApiKeyStore(IOptions<ApiKeyOptions> settings)
{
    private readonly FrozenDictionary<string, ApiKeyEntry> _byHash =
        settings.Value.Keys.ToFrozenDictionary(k => k.Sha256!, StringComparer.Ordinal);

    private readonly FrozenDictionary<string, ApiKeyEntry> _byName =
        settings.Value.Keys.ToFrozenDictionary(k => k.Name!, StringComparer.Ordinal);

    public int Count => _byHash.Count;

    public ApiKeyEntry? Find(string presentedKey) =>
        presentedKey.Length is > 0 and <= 512 && _byHash.TryGetValue(ApiKeyHash.Of(presentedKey), out var entry) ? entry : null;

    public int RequestsPerSecond(string name) =>
        _byName.GetValueOrDefault(name)?.RequestsPerSecond ?? settings.Value.DefaultRequestsPerSecond;
}
