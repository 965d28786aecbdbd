namespace Inventory.ToolTests.Deploy;

/// <summary>deploy/grafana/inventory.json is a dashboard Grafana can import, with a Prometheus query in every panel.</summary>
public sealed class DashboardTests
{
    [Fact]
    public void TheDashboardIsGrafanaJsonWithAPrometheusQueryInEveryPanel()
    {
        var dashboard = Dashboard.Load();
        var panels = Dashboard.Panels(dashboard).ToList();
        var graphs = panels.Where(p => p.GetProperty("type").GetString() != "row").ToList();

        Assert.Equal("inventory-service", dashboard.GetProperty("uid").GetString());
        Assert.True(dashboard.GetProperty("schemaVersion").GetInt32() >= 36);
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.True(graphs.Count >= 20, $"{graphs.Count} panels");
        Assert.All(panels, p =>
        {
            var grid = p.GetProperty("gridPos");
            Assert.InRange(grid.GetProperty("x").GetInt32() + grid.GetProperty("w").GetInt32(), 1, 24);
        });
        Assert.All(graphs, p =>
        {
            var title = p.GetProperty("title").GetString();
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString()), title);
            Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = p.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.All(targets, t => Assert.NotEmpty(PromQl.MetricNames(t.GetProperty("expr").GetString()!)));
            Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
        });
        var variable = Assert.Single(dashboard.GetProperty("templating").GetProperty("list").EnumerateArray());
        Assert.Equal(("datasource", "datasource", "prometheus"), (variable.GetProperty("name").GetString(), variable.GetProperty("type").GetString(), variable.GetProperty("query").GetString()));
    }

    [Fact]
    public void TheDashboardShowsEveryFamilyOfServiceMetrics()
    {
        var used = Dashboard.Expressions(Dashboard.Load()).SelectMany(e => PromQl.MetricNames(e.Expression)).ToHashSet(StringComparer.Ordinal);

        Assert.All(
            new[]
            {
                "inventory_checkout_duration_milliseconds_bucket", "inventory_reservations_total", "inventory_oversell_incidents_total",
                "inventory_invariant_violations_total", "inventory_stock_write_failures_total", "inventory_holds_expired_total",
                "inventory_feed_ignored_total", "inventory_shortfall_units", "inventory_cache_hits_total", "inventory_cache_misses_total", "inventory_cache_invalidations_total",
                "inventory_cache_invalidation_lag_milliseconds_bucket", "inventory_channel_deliveries_total", "inventory_channel_parked_total",
                "inventory_channel_sync_lag_milliseconds_bucket", "http_server_request_duration_seconds_count", "orleans_catalog_activations",
                "orleans_app_requests_latency_milliseconds_bucket", "dotnet_gc_collections_total",
            },
            name => Assert.Contains(name, used));
    }
}
