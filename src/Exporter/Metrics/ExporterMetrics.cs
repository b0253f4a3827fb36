using Prometheus;

namespace Exporter.Metrics;

/// <summary>
/// The exporter's own metrics about each (KPI, datasource): up, stale, durations and what went wrong. They are
/// rendered from the KPI's recorded state (<see cref="KpiOwnSeries"/>), not kept as live prometheus-net series, so
/// they are exactly what the state says (the same on every replica of a cluster) and cost nothing per scrape.
/// <c>exporter_datasource_up</c> stays a registry gauge: it is this process's view of the datasource.
/// </summary>
public sealed class ExporterMetrics
{
    public const string Up = "exporter_kpi_up";
    public const string Stale = "exporter_kpi_stale";
    public const string LastSuccess = "exporter_kpi_last_success_timestamp_seconds";
    public const string ScheduleInterval = "exporter_kpi_schedule_interval_seconds";
    public const string QueryDuration = "exporter_kpi_query_duration_seconds";
    public const string Errors = "exporter_kpi_errors_total";
    public const string Series = "exporter_kpi_series";
    public const string SeriesDropped = "exporter_kpi_series_dropped_total";
    public const string Skipped = "exporter_kpi_skipped_total";

    public static readonly double[] QueryDurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private static readonly string[] KpiLabels = ["kpi", "source"];
    private static readonly string[] ReasonLabels = ["kpi", "source", "reason"];

    public ExporterMetrics(CollectorRegistry registry, KpiPublisher publisher)
    {
        publisher.DefineFamily(Up, "1 when the KPI's last run succeeded, 0 when it failed.", "gauge");
        publisher.DefineFamily(Stale, "1 when the KPI's published values are not from its latest run (it failed or has not succeeded yet).", "gauge");
        publisher.DefineFamily(LastSuccess, "Unix time of the KPI's last successful run.", "gauge");
        publisher.DefineFamily(ScheduleInterval, "Seconds between two scheduled runs of the KPI.", "gauge");
        publisher.DefineFamily(QueryDuration, "Duration of the KPI's query runs, successful or not.", "histogram");
        publisher.DefineFamily(Errors, "Failed KPI runs, by reason (timeout, connection, query_error, read_only, duplicate_labels, ...).", "counter");
        publisher.DefineFamily(Series, "Series the KPI published on its last successful run.", "gauge");
        publisher.DefineFamily(SeriesDropped, "Series dropped because the KPI returned more than its max_series.", "counter");
        publisher.DefineFamily(Skipped, "KPI runs not attempted, by reason (datasource_down: its datasource is down and retried with back-off).", "counter");
        DatasourceUp = Prometheus.Metrics.WithCustomRegistry(registry).CreateGauge("exporter_datasource_up",
            "1 when the datasource answered the last attempt to reach it (a KPI run or a retry), 0 while it is down.",
            new GaugeConfiguration { LabelNames = ["source"], SuppressInitialValue = true });
    }

    public Gauge DatasourceUp { get; }

    /// <summary>The self-metric samples of one (KPI, datasource), by metric; a series that does not exist yet is absent.</summary>
    public static IReadOnlyDictionary<string, byte[]> Render(KpiOwnSeries kpi)
    {
        string[] labels = [kpi.Kpi, kpi.Source];
        var samples = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Stale] = TextFormat.Sample(Stale, KpiLabels, labels, kpi.Stale ? 1 : 0),
            [ScheduleInterval] = TextFormat.Sample(ScheduleInterval, KpiLabels, labels, kpi.ScheduleInterval.TotalSeconds),
            [SeriesDropped] = TextFormat.Sample(SeriesDropped, KpiLabels, labels, kpi.SeriesDropped),
            [Errors] = TextFormat.CountsByReason(Errors, ReasonLabels, labels, kpi.Errors),
            [Skipped] = TextFormat.CountsByReason(Skipped, ReasonLabels, labels, kpi.Skipped),
        };
        if (kpi.Up is { } up)
            samples[Up] = TextFormat.Sample(Up, KpiLabels, labels, up);
        if (kpi.LastSuccess is { } lastSuccess)
            samples[LastSuccess] = TextFormat.Sample(LastSuccess, KpiLabels, labels, lastSuccess.ToUnixTimeMilliseconds() / 1000.0);
        if (kpi.Series is { } series)
            samples[Series] = TextFormat.Sample(Series, KpiLabels, labels, series);
        if (kpi.Durations.Count > 0)
            samples[QueryDuration] = TextFormat.Histogram(QueryDuration, KpiLabels, labels, kpi.Durations);
        return samples;
    }
}

/// <summary>
/// What the self-metrics of one (KPI, datasource) show. Null: the series does not exist yet (never run, never
/// succeeded). <paramref name="Skipped"/> and <paramref name="Errors"/> count by reason.
/// </summary>
public sealed record KpiOwnSeries(
    string Kpi,
    string Source,
    double? Up,
    bool Stale,
    DateTimeOffset? LastSuccess,
    TimeSpan ScheduleInterval,
    HistogramCounts Durations,
    IReadOnlyDictionary<string, long> Errors,
    double? Series,
    long SeriesDropped,
    IReadOnlyDictionary<string, long> Skipped);
