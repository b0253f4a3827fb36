namespace Exporter.Model;

/// <summary>The metric names probes publish, so no KPI can take them.</summary>
public static class ProbeMetricNames
{
    /// <summary>A self-metric: <c>exporter_</c> names are reserved for the exporter anyway.</summary>
    public const string Errors = "exporter_probe_errors_total";

    public static string Success(string ns) => ns + "probe_success";

    public static string Duration(string ns) => ns + "probe_duration_seconds";

    public static string Latency(string ns) => ns + "probe_latency_seconds";

    public static IReadOnlySet<string> For(string ns) => new HashSet<string>([Success(ns), Duration(ns), Latency(ns)], StringComparer.Ordinal);
}
