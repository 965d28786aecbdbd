using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inventory.ServiceDefaults.Configuration;

/// <summary>
/// The one way the service's options classes (<c>*Options</c>, each with its <c>Section</c>) are registered: bound
/// from their configuration section and checked against their data annotations and <see cref="IValidatableObject"/>
/// rules when the host starts, every problem named by its configuration key (<c>Inventory:…: …</c>), so start-up
/// stops with one line an operator can act on. Composition that needs a value before the host is built loads it with
/// <see cref="LoadValidatedOptions{T}"/>, through the same binding and checks. Registering a type twice (the API and
/// its co-hosted silo both need <c>ReservationOptions</c>) registers it once.
/// </summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>Registers <typeparamref name="T"/>, bound from <paramref name="section"/> and validated on start.</summary>
    /// <returns>The options builder, for rules that involve other options.</returns>
    public static OptionsBuilder<T> AddValidatedOptions<T>(
        this IServiceCollection services, IConfiguration configuration, string section, string? name = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        name ??= Options.DefaultName;
        var builder = new OptionsBuilder<T>(services, name);
        var registered = services
            .Where(d => d.ServiceType == typeof(IValidateOptions<T>) && !d.IsKeyedService)
            .Select(d => d.ImplementationInstance)
            .OfType<SectionValidator<T>>()
            .FirstOrDefault(v => v.Name == name);
        if (registered is not null)
        {
            return registered.Section == section
                ? builder
                : throw new InvalidOperationException($"{typeof(T).Name} '{name}' is bound from {registered.Section} already, not {section}.");
        }

        var values = configuration.GetSection(section);
        services.AddOptions<T>(name).ValidateOnStart();
        services.AddSingleton<IOptionsChangeTokenSource<T>>(new ConfigurationChangeTokenSource<T>(name, values));
        services.AddSingleton<IConfigureOptions<T>>(new ConfigureNamedOptions<T>(name, options => Bind(values, section, options)));
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(name, section));
        return builder;
    }

    /// <summary>
    /// Registers <typeparamref name="T"/> as <see cref="AddValidatedOptions{T}"/> does and returns its value now, for
    /// composition that depends on it (which storage, which membership, which channels).
    /// </summary>
    /// <exception cref="InventoryConfigurationException">The section cannot be bound or breaks a rule.</exception>
    public static T LoadValidatedOptions<T>(
        this IServiceCollection services, IConfiguration configuration, string section, string? name = null)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<T>(configuration, section, name);
        var options = new T();
        Bind(configuration.GetSection(section), section, options);
        var problems = Problems(options, section);
        return problems.Count == 0 ? options : throw new InventoryConfigurationException(string.Join(Environment.NewLine, problems));
    }

    private static void Bind<T>(IConfiguration values, string section, T options)
        where T : class
    {
        try
        {
            values.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InventoryConfigurationException($"{section}: {ex.Message}");
        }
    }

    private static List<string> Problems(object options, string section)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => $"{section}: {r.ErrorMessage}")];
    }

    /// <summary>Checks the named options of one section when they are first read (at start, with ValidateOnStart).</summary>
    private sealed class SectionValidator<T>(string name, string section) : IValidateOptions<T>
        where T : class
    {
        public string Name => name;

        public string Section => section;

        public ValidateOptionsResult Validate(string? name, T options)
        {
            if (name != Name)
            {
                return ValidateOptionsResult.Skip;
            }

            var problems = Problems(options, section);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
