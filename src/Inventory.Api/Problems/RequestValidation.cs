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

    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        detail: "The request has invalid fields; nothing was changed.",
        title: "Invalid request",
        type: ProblemTypes.ValidationFailed);
}
