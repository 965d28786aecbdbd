using System.ComponentModel.DataAnnotations;

namespace Inventory.ServiceDefaults.Security;

/// <summary>Who may call the API (section <c>Inventory:Api:Auth</c>).</summary>
public sealed class ApiKeyOptions : IValidatableObject
{
    public const string Section = "Inventory:Api:Auth";

    /// <summary>The header that carries the key.</summary>
    public const string Header = "X-Api-Key";

    public List<ApiKeyEntry> Keys { get; set; } = [];

    /// <summary>Rate limit of a key without its own: requests per second, with bursts up to twice that.</summary>
    [Range(1, 1_000_000)]
    public int DefaultRequestsPerSecond { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(key, new ValidationContext(key), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"Keys[{i}]: {result.ErrorMessage}", [nameof(Keys)]);
            }

            if (key.Roles.Count == 0 || key.Roles.Any(role => !ApiRoles.All.Contains(role)))
            {
                yield return new ValidationResult($"Keys[{i}]: Roles must list one or more of {string.Join(", ", ApiRoles.All)}.", [nameof(Keys)]);
            }
        }

        foreach (var duplicate in Keys.GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"Key name '{duplicate.Key}' is used more than once.", [nameof(Keys)]);
        }

        foreach (var duplicate in Keys.GroupBy(k => k.Sha256, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult("Two keys have the same Sha256.", [nameof(Keys)]);
        }
    }
}
