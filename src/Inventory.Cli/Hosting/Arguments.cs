using System.CommandLine;

namespace Inventory.Cli.Hosting;

/// <summary>Checks of positional arguments that the API would refuse anyway, so the mistake is named before a request.</summary>
public static class Arguments
{
    /// <summary>A SKU, location or reservation id: the API's code rule (1-64 ASCII letters, digits, '.', '_', '-').</summary>
    public static Argument<string> Code(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!Codes.IsValid(value))
            {
                result.AddError($"{name} '{value}' {Codes.Rule}.");
            }
        });
        return argument;
    }
}
