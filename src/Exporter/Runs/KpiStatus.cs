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
    IReadOnlyList<KpiSeries> Values) : IRunStatus<KpiStatus>
{
    public bool Attempted => LastRunAt is not null;

    public static KpiStatus Pending(KpiTarget target) =>
        new(target.Kpi.Name, target.Source, target.Kpi.Pack, target.Kpi.Schedule.Text, null, null, null, null, null, null, null, null, null, []);

    /// <summary>After a run: a failed run keeps the last good values and series count.</summary>
    public KpiStatus Recorded(KpiResult result) => this with
    {
        LastRunAt = result.StartedAt,
        LastDurationSeconds = result.Duration.TotalSeconds,
        LastRows = result.Rows,
        LastSeries = result.Succeeded ? result.Series.Count : LastSeries,
        LastRunSucceeded = result.Succeeded,
        LastSuccessAt = result.Succeeded ? result.StartedAt : LastSuccessAt,
        LastErrorReason = result.Failure?.Reason,
        LastError = result.Failure?.Message,
        Values = result.Succeeded ? result.Series : Values,
    };

    public KpiStatus WithNextRunAt(DateTimeOffset? nextRunAt) => this with { NextRunAt = nextRunAt };
}
