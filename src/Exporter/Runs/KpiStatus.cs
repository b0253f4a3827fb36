using Exporter.Kpis;

namespace Exporter.Runs;

/// <summary>What <c>/status</c> and the landing page show for one (KPI, datasource). Errors are already redacted.</summary>
public sealed record KpiStatus(
    string Kpi,
    string Source,
    string? Pack,
    string Schedule,
    DateTimeOffset? LastRunAt,
    double? LastDurationSeconds,
    int? LastRows,
    int? LastSeries,
    bool? LastRunSucceeded,
    DateTimeOffset? LastSuccessAt,
    string? LastErrorReason,
    string? LastError,
    DateTimeOffset? NextRunAt,
    IReadOnlyList<KpiSeries> Values)
{
    public bool Attempted => LastRunAt is not null;
}
