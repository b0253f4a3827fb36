using Exporter.Kpis;
using Exporter.Runs;

namespace Exporter.Http;

/// <summary>How /status and the landing page name the outcome of a KPI's or probe's last run, and a datasource's state.</summary>
public static class RunState
{
    public static string Of(bool? lastRunSucceeded) =>
        lastRunSucceeded switch { null => "pending", true => "ok", false => "failed" };

    /// <summary>A KPI not run because its datasource is down is "skipped", not "failed": the datasource failed.</summary>
    public static string Of(KpiStatus status) =>
        status.LastErrorReason == KpiFailureReasons.DatasourceDown ? "skipped" : Of(status.LastRunSucceeded);

    public static string OfDatasource(bool? up) =>
        up switch { null => "unknown", true => "up", false => "down" };
}
