using System.Text.Json;

namespace Inventory.ToolTests.Deploy;

/// <summary>deploy/grafana/inventory.json: its panels (rows' nested panels included) and every PromQL expression in it.</summary>
public static class Dashboard
{
    public static string PathToFile => Infrastructure.Repository.Deploy("grafana", "inventory.json");

    public static JsonElement Load() => JsonDocument.Parse(File.ReadAllText(PathToFile)).RootElement.Clone();

    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>(panel title, expression) of every panel target and every query variable.</summary>
    public static IReadOnlyList<(string Where, string Expression)> Expressions(JsonElement dashboard)
    {
        var found = new List<(string, string)>();
        foreach (var panel in Panels(dashboard))
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                found.AddRange(targets.EnumerateArray()
                    .Where(t => t.TryGetProperty("expr", out _))
                    .Select(t => ($"panel '{panel.GetProperty("title").GetString()}'", t.GetProperty("expr").GetString() ?? "")));
            }
        }

        if (dashboard.TryGetProperty("templating", out var templating))
        {
            foreach (var variable in templating.GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
            {
                var query = variable.GetProperty("query");
                var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString() : query.GetString();
                found.Add(($"variable '{variable.GetProperty("name").GetString()}'", text ?? ""));
            }
        }

        return found;
    }
}
