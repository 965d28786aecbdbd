using Inventory.Api.Hosting;
using Inventory.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Inventory.IntegrationTests.Operations;

/// <summary>Options are bound and checked one way, and a bad setting is named by its configuration key.</summary>
public class ConfigurationTests
{
    private static IConfiguration Settings(string checkout) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Inventory:Api:TimeBudgets:Checkout"] = checkout }).Build();

    [Fact]
    public void ASettingOutOfRangeIsNamedByItsSectionWhenTheOptionsAreRead()
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<TimeBudgetOptions>(Settings("00:00:00.001"), TimeBudgetOptions.Section);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TimeBudgetOptions>>().Value);

        Assert.Equal("Inventory:Api:TimeBudgets: The field Checkout must be between 00:00:00.0500000 and 00:01:00.", error.Message);
    }

    [Fact]
    public void LoadingOptionsForCompositionRefusesTheSameSettingWithTheSameWords()
    {
        var error = Assert.Throws<InventoryConfigurationException>(
            () => new ServiceCollection().LoadValidatedOptions<TimeBudgetOptions>(Settings("00:00:00.001"), TimeBudgetOptions.Section));

        Assert.Equal("Inventory:Api:TimeBudgets: The field Checkout must be between 00:00:00.0500000 and 00:01:00.", error.Message);
    }

    [Fact]
    public void AValueThatCannotBeReadIsNamedByItsKey()
    {
        var services = new ServiceCollection();
        services.AddValidatedOptions<TimeBudgetOptions>(Settings("soon"), TimeBudgetOptions.Section);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InventoryConfigurationException>(() => provider.GetRequiredService<IOptions<TimeBudgetOptions>>().Value);

        Assert.Equal(
            "Inventory:Api:TimeBudgets: Failed to convert configuration value 'soon' at 'Inventory:Api:TimeBudgets:Checkout' to type 'System.TimeSpan'.",
            error.Message);
    }

    [Fact]
    public void OptionsRegisteredTwiceAreBoundAndCheckedOnce()
    {
        var services = new ServiceCollection();
        var settings = Settings("00:00:02");

        services.AddValidatedOptions<TimeBudgetOptions>(settings, TimeBudgetOptions.Section);
        services.AddValidatedOptions<TimeBudgetOptions>(settings, TimeBudgetOptions.Section);

        Assert.Equal((1, 1), (services.Count(d => d.ServiceType == typeof(IConfigureOptions<TimeBudgetOptions>)),
            services.Count(d => d.ServiceType == typeof(IValidateOptions<TimeBudgetOptions>))));
        using var provider = services.BuildServiceProvider();
        Assert.Equal(TimeSpan.FromSeconds(2), provider.GetRequiredService<IOptions<TimeBudgetOptions>>().Value.Checkout);
    }
}
