using Inventory.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Inventory.Api.Problems;

/// <summary>Collects field errors of one request; the endpoint answers 400 with all of them, changing nothing.</summary>
public sealed class RequestValidation
{
    /// <summary>Largest quantity any stock field accepts.</summary>
    public const long MaxUnits = 1_000_000_000;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public RequestValidation Error(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public RequestValidation Code(string field, string? value, bool required = true)
    {
        if (value is null)
        {
            return required ? Error(field, "is required") : this;
        }

        return Codes.IsValid(value) ? this : Error(field, Codes.Rule);
    }

    public RequestValidation Text(string field, string? value, int maxLength, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Error(field, "is required") : this;
        }

        if (value.Length > maxLength)
        {
            return Error(field, $"must be at most {maxLength} characters");
        }

        return value.Any(char.IsControl) ? Error(field, "must not contain control characters") : this;
    }

    public RequestValidation Range(string field, long? value, long min, long max, bool required = true)
    {
        if (value is null)
        {
            return required ? Error(field, "is required") : this;
        }

        return value < min || value > max ? Error(field, $"must be between {min} and {max}") : this;
    }

    public RequestValidation Required(string field, object? value) => value is null ? Error(field, "is required") : this;

    /// <summary>A code from a fixed list (an adjustment's reason); the error lists the codes.</summary>
    public RequestValidation OneOf(string field, string? value, IReadOnlyList<string> codes, bool required = true)
    {
        if (value is null)
        {
            return required ? Error(field, "is required") : this;
        }

        return codes.Contains(value, StringComparer.Ordinal) ? this : Error(field, $"must be one of: {string.Join(", ", codes)}");
    }

    /// <summary>
    /// A time in the warehouse (a count's asOf, a feed's occurredAt) no later than <paramref name="latest"/>: the
    /// API's clock plus the clock skew allowed. A date in the future would make every correct count after it stale.
    /// </summary>
    public RequestValidation NotAfter(string field, DateTimeOffset? value, DateTimeOffset latest)
    {
        if (value is not { } at || at <= latest)
        {
            return this;
        }

        return Error(field, $"must not be later than {latest.ToUniversalTime():O} (the service's clock plus the clock skew allowed)");
    }

    /// <summary>An optional whole number given as text (a query value) within a range; null when absent or invalid.</summary>
    public long? WholeNumber(string field, string? value, long min, long max)
    {
        if (value is null)
        {
            return null;
        }

        if (long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number >= min && number <= max)
        {
            return number;
        }

        Error(field, $"must be a whole number between {min} and {max}");
        return null;
    }

    /// <summary>An optional <c>true</c> or <c>false</c> given as text (a query value); null when absent or invalid.</summary>
    public bool? Boolean(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        Error(field, "must be true or false");
        return null;
    }

    /// <param name="detail">What happened, when it is not "nothing was changed".</param>
    /// <param name="extensions">Further members of the problem.</param>
    public ValidationProblem ToProblem(string? detail = null, IDictionary<string, object?>? extensions = null) => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: detail ?? "The request has invalid fields; nothing was changed.",
        title: "Invalid request",
        type: ProblemTypes.ValidationFailed,
        extensions: extensions);
}
