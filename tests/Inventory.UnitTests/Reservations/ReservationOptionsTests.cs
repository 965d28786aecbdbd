using System.ComponentModel.DataAnnotations;
using Inventory.Reservations;

namespace Inventory.UnitTests.Reservations;

public class ReservationOptionsTests
{
    private static List<string> Invalid(ReservationOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.SelectMany(r => r.MemberNames)];
    }

    [Fact]
    public void TheDefaultsAreValid() => Assert.Empty(Invalid(new ReservationOptions()));

    [Fact]
    public void ASettleReminderPeriodUnderASecondIsRefused() =>
        Assert.Equal([nameof(ReservationOptions.SettleReminderPeriod)], Invalid(new ReservationOptions { SettleReminderPeriod = TimeSpan.FromMilliseconds(500) }));

    [Fact]
    public void ASettleRetryDelayOfZeroIsRefused() =>
        Assert.Equal([nameof(ReservationOptions.SettleRetryDelay)], Invalid(new ReservationOptions { SettleRetryDelay = TimeSpan.Zero }));
}
