namespace Inventory;

/// <summary>
/// The one rule for SKU, location and reservation codes: 1–64 ASCII letters, digits, '.', '_' or '-'.
/// Keeping it in one place means the API, the keys and the grains can never disagree.
/// </summary>
public static class Codes
{
    /// <summary>Longest accepted code.</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="value"/> is a well-formed code.</summary>
    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A human-readable statement of the rule, for error messages.</summary>
    public const string Rule = "must be 1-64 characters of ASCII letters, digits, '.', '_' or '-'";
}
