namespace Exporter.Model;

/// <summary>
/// The one list of metric names no KPI may publish: the exporter's own (<c>exporter_*</c>), the .NET/process
/// metrics served next to the KPIs, and the probes' metrics in the configured namespace.
/// </summary>
public static class ReservedMetricNames
{
    public static IReadOnlyList<string> Prefixes { get; } = ["exporter_", "process_", "dotnet_", "prometheus_net_", "microsoft_"];

    public static bool IsReserved(string metric, string ns) =>
        Prefixes.Any(p => metric.StartsWith(p, StringComparison.Ordinal)) || ProbeMetricNames.For(ns).Contains(metric);
}
