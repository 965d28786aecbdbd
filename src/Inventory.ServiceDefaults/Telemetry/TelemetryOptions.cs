namespace Inventory.ServiceDefaults.Telemetry;

/// <summary>
/// Whether the host records traces (section <c>Inventory:Telemetry</c>). Tracing is off unless configured: until then no
/// listener asks for spans, so nothing on the request path pays for them.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Inventory:Telemetry";

    /// <summary>
    /// Unset: traces are recorded when the standard variables ask for an OTLP export (<c>OTEL_TRACES_EXPORTER=otlp</c>,
    /// or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> / <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> set). <c>true</c>: recorded and
    /// exported by OTLP to the endpoint those variables name (the OTLP default, <c>http://localhost:4317</c>, when none
    /// is), or, with <c>OTEL_TRACES_EXPORTER=none</c>, only to exporters the host adds itself. <c>false</c>: none.
    /// </summary>
    public bool? Tracing { get; set; }
}
