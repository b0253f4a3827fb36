namespace Exporter.Http;

/// <summary>How /status and the landing page name the outcome of a KPI's or probe's last run.</summary>
public static class RunState
{
    public static string Of(bool? lastRunSucceeded) =>
        lastRunSucceeded switch { null => "pending", true => "ok", false => "failed" };
}
