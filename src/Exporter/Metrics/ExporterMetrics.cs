using System.Buffers;
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

    /// <summary>The self-metric samples of one (KPI, datasource), by metric.</summary>
    public static IReadOnlyDictionary<string, byte[]> Render(KpiOwnSeries kpi)
    {
        string[] labels = [kpi.Kpi, kpi.Source];
        var samples = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        void Gauge(string metric, double? value)
        {
            if (value is { } v)
                samples[metric] = Sample(metric, KpiLabels, labels, v);
        }
        Gauge(Up, kpi.Up);
        Gauge(Stale, kpi.Stale ? 1 : 0);
        Gauge(LastSuccess, kpi.LastSuccess?.ToUnixTimeMilliseconds() / 1000.0);
        Gauge(ScheduleInterval, kpi.ScheduleInterval.TotalSeconds);
        Gauge(Series, kpi.Series);
        Gauge(SeriesDropped, kpi.SeriesDropped);
        if (kpi.Durations.Count > 0)
        {
            var text = new ArrayBufferWriter<byte>();
            TextFormat.WriteHistogram(text, QueryDuration, KpiLabels, labels, kpi.Durations);
            samples[QueryDuration] = text.WrittenSpan.ToArray();
        }
        samples[Errors] = Counts(Errors, labels, kpi.Errors);
        samples[Skipped] = Counts(Skipped, labels, kpi.Skipped);
        return samples;
    }

    private static byte[] Counts(string metric, string[] labels, IReadOnlyDictionary<string, long> byReason)
    {
        var text = new ArrayBufferWriter<byte>();
        foreach (var (reason, count) in byReason.OrderBy(r => r.Key, StringComparer.Ordinal))
            TextFormat.WriteSample(text, metric, ReasonLabels, [.. labels, reason], count);
        return text.WrittenSpan.ToArray();
    }

    private static byte[] Sample(string metric, string[] names, string[] values, double value)
    {
        var text = new ArrayBufferWriter<byte>();
        TextFormat.WriteSample(text, metric, names, values, value);
        return text.WrittenSpan.ToArray();
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
