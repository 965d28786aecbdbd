using Microsoft.Extensions.Configuration;

namespace Inventory.ServiceDefaults.Configuration;

/// <summary>Settings that cannot work. Start-up stops with this message alone, not a stack trace.</summary>
public sealed class InventoryConfigurationException(string message) : Exception(message)
{
    /// <summary>Binds <typeparamref name="T"/> from <paramref name="section"/> and validates it, or throws with every problem listed.</summary>
    public static T Load<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        T settings;
        try
        {
            settings = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException ex)
        {
            throw new InventoryConfigurationException($"{section}: {ex.Message}");
        }

        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings, new(settings), results, validateAllProperties: true))
        {
            throw new InventoryConfigurationException(string.Join(Environment.NewLine, results.Select(r => $"{section}: {r.ErrorMessage}")));
        }

        return settings;
    }
}
