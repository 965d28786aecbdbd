namespace Inventory.ToolTests.Deploy;

public sealed class PromQlTests
{
    [Theory]
    [InlineData("sum by (instance) (increase(inventory_oversell_incidents_total[1h])) > 0", "inventory_oversell_incidents_total")]
    [InlineData(
        "histogram_quantile(0.99, sum by (operation, le) (rate(inventory_checkout_duration_milliseconds_bucket{operation=~\"reserve|commit\"}[$__rate_interval])))",
        "inventory_checkout_duration_milliseconds_bucket")]
    [InlineData(
        "sum(rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}[5m])) / on (instance) group_left sum(rate(http_server_request_duration_seconds_count[5m]))",
        "http_server_request_duration_seconds_count")]
    [InlineData("a_total unless a_total offset 15m or absent(b) and bool 1e3 > inf", "a_total b")]
    [InlineData("sum(x_bucket) by (le) * 2 + y:recorded", "x_bucket y:recorded")]
    [InlineData("label_values(inventory_channel_deliveries_total{job=\"inventory\"}, channel)", "inventory_channel_deliveries_total")]
    public void OnlyMetricNamesAreTakenFromAnExpression(string expression, string names)
    {
        Assert.Equal(names.Split(' ').Order(StringComparer.Ordinal), PromQl.MetricNames(expression).Order(StringComparer.Ordinal));
    }
}
