namespace Inventory.Channels;

/// <summary>How a delivery ended; <see cref="Error"/> says why it failed.</summary>
public readonly record struct DeliveryOutcome(bool Succeeded, string? Error)
{
    public static DeliveryOutcome Success => new(true, null);

    public static DeliveryOutcome Failure(string error) => new(false, error);
}
