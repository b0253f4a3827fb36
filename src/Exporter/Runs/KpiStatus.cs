using Exporter.Kpis;
using Exporter.Metrics;

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

    /// <summary>What the KPI's counters and duration histogram show: every run since it was configured as it is.</summary>
    public KpiRunCounts Counts { get; init; } = KpiRunCounts.None;

    public static KpiStatus Pending(KpiTarget target) =>
        new(target.Kpi.Name, target.Source, target.Kpi.Pack, target.Kpi.Schedule.Text, null, null, null, null, null, null, null, null, null, []);

    /// <summary>After a run: a failed run keeps the last good values and series count.</summary>
    public KpiStatus Recorded(KpiResult result) => Ran(result) with { Counts = Counts.Ran(result) };

    /// <summary>Its datasource is down: the run was not attempted (counted as skipped).</summary>
    public KpiStatus Skipped(KpiResult result) => Ran(result) with { Counts = Counts.Skip(result.Failure!.Reason) };

    private KpiStatus Ran(KpiResult result) => this with
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

    /// <summary>A failing KPI's last good values, withdrawn once older than <paramref name="age"/>: a frozen number must not look live.</summary>
    public KpiStatus WithoutValuesOlderThan(TimeSpan age, DateTimeOffset now) =>
        LastRunSucceeded == false && LastSuccessAt is { } lastSuccess && Values.Count > 0 && now - lastSuccess >= age ? this with { Values = [] } : this;

    public KpiStatus WithNextRunAt(DateTimeOffset? nextRunAt) => this with { NextRunAt = nextRunAt };
}

/// <summary>Cumulative counts of a KPI's runs: durations, failures and skips by reason, series dropped.</summary>
public sealed record KpiRunCounts(
    HistogramCounts Durations, IReadOnlyDictionary<string, long> Errors, long SeriesDropped, IReadOnlyDictionary<string, long> Skipped)
{
    public static KpiRunCounts None { get; } = new(
        HistogramCounts.Empty(ExporterMetrics.QueryDurationBuckets), new Dictionary<string, long>(),
        0, new Dictionary<string, long> { [KpiFailureReasons.DatasourceDown] = 0 });

    public KpiRunCounts Ran(KpiResult result) => this with
    {
        Durations = Durations.Observe(result.Duration.TotalSeconds),
        Errors = result.Failure is { } failure ? Plus(Errors, failure.Reason) : Errors,
        SeriesDropped = SeriesDropped + (result.Succeeded ? result.Dropped : 0),
    };

    public KpiRunCounts Skip(string reason) => this with { Skipped = Plus(Skipped, reason) };

    private static Dictionary<string, long> Plus(IReadOnlyDictionary<string, long> counts, string reason) =>
        new(counts, StringComparer.Ordinal) { [reason] = counts.GetValueOrDefault(reason) + 1 };
}
