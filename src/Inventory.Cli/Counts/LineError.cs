namespace Inventory.Cli.Counts;

/// <summary>A problem with one line of a count file (the header is line 1); <see cref="Field"/> is the column, if one.</summary>
public sealed record LineError(int Line, string? Field, string Message)
{
    public override string ToString() => Field is null ? $"line {Line}: {Message}" : $"line {Line}, {Field}: {Message}";
}
